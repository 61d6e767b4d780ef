package io.uniroute.operator.api;

/** The API group and version of every uniroute resource. */
public final class ApiGroup {
    public static final String GROUP = "uniroute.io";
    public static final String VERSION = "v1alpha1";

    private ApiGroup() {
    }
}
