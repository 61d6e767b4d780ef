#!/usr/bin/env python3
"""Regenerates the llmrouter-mini subset shipped in the replay module.

usage: replay/scripts/make_llmrouter_mini.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR  the full llmrouter dataset in format v1 (default /work/shared/datasets/llmrouter)
  OUT_DIR     default replay/src/main/resources/io/uniroute/replay/datasets/llmrouter-mini

Deterministic: the same source gives byte-identical output. The rules are in README.md beside the output.
"""
import ast
import json
import random
import re
import shutil
import sys
from pathlib import Path

SEED = 20261124
PER_TASK = 32
MAX_PROMPT_CHARS = 1000
# code_eval needs the code run; commongen's coverage score has no single reference answer.
EXCLUDED_TASKS = {"mbpp", "human_eval", "commongen"}
NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?|-?\.\d+")


def final_number(ref, metric):
    """The final answer of a GSM8K ('#### n') or MATH ('\\boxed{n}' or bare) reference, if it is a plain number."""
    text = ref.strip()
    if metric == "GSM8K" and "####" in text:
        text = text.rsplit("####", 1)[1].strip()
    elif "\\boxed{" in text:
        start = text.rfind("\\boxed{") + len("\\boxed{")
        depth, end = 1, start
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        text = text[start:end - 1].strip()
    return text if NUMBER.fullmatch(text) else None


def keep(row):
    if row["task"] in EXCLUDED_TASKS or len(row["prompt"]) > MAX_PROMPT_CHARS or not row.get("reference"):
        return False
    if row["metric"] in ("GSM8K", "MATH"):
        return final_number(row["reference"], row["metric"]) is not None
    if row["metric"] == "em_mc":
        return re.fullmatch(r"[A-J]", row["reference"].strip()) is not None and row.get("choices") is not None
    return True


def options(choices):
    """Format v1 wants a list of options; llmrouter stores a Python literal string."""
    if choices is None or isinstance(choices, list):
        return choices
    value = ast.literal_eval(choices)
    return [str(o) for o in (value["text"] if isinstance(value, dict) else value)]


def main():
    here = Path(__file__).resolve().parent
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/datasets/llmrouter")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else \
        here.parent / "src/main/resources/io/uniroute/replay/datasets/llmrouter-mini"
    rows = [json.loads(line) for line in (source / "prompts.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]
    by_task = {}
    for row in rows:
        if keep(row):
            by_task.setdefault(row["task"], []).append(row)
    rng = random.Random(SEED)
    chosen = set()
    for task in sorted(by_task):
        candidates = sorted(by_task[task], key=lambda r: r["id"])
        chosen.update(r["id"] for r in rng.sample(candidates, min(PER_TASK, len(candidates))))
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "prompts.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for row in rows:  # the source's order
            if row["id"] in chosen:
                row = dict(row, choices=options(row.get("choices")))
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    shutil.copyfile(source / "models.csv", out / "models.csv")
    shutil.copyfile(source / "LICENSE", out / "LICENSE")
    counts = {t: sum(1 for r in by_task[t] if r["id"] in chosen) for t in sorted(by_task)}
    print(f"{len(chosen)} prompts: {counts}")


if __name__ == "__main__":
    main()
