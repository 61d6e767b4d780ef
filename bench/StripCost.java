// Rough cost of SharedTemplate.strip per request (docs/performance.md). Run from the repository root after
// mvn -B -q -pl routing-core -am package -DskipTests:   java -cp routing-core/target/classes bench/StripCost.java
import io.uniroute.core.embedding.SharedTemplate;
import java.util.List;
public class StripCost {
    public static void main(String[] a) {
        String pre = "x".repeat(10) + " You are the assistant. ".repeat(83); // ~1,900 chars
        String suf = " Output rules: answer first, then explain. ".repeat(40);
        SharedTemplate t = SharedTemplate.detect(List.of(pre + "\n\nWhat is 2+2?" + suf, pre + "\n\nWho was Napoleon?" + suf));
        String req = pre + "\n\nWhat is the capital of France?" + suf;
        String miss = "What is the capital of France?";
        long sink = 0;
        for (int r = 0; r < 3; r++) {
            long s = System.nanoTime(); int n = 200_000;
            for (int i = 0; i < n; i++) sink += t.strip(req).length();
            long m = System.nanoTime();
            for (int i = 0; i < n; i++) sink += t.strip(miss).length();
            long e = System.nanoTime();
            System.out.printf("%s; templated request (%d chars): %.2f us/strip; bare request: %.3f us/strip%n",
                t.describe(), req.length(), (m - s) / 1e3 / n, (e - m) / 1e3 / n);
        }
        System.out.println(sink);
    }
}
