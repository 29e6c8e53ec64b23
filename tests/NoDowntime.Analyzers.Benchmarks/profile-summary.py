"""Summarises a speedscope profile (from profile.sh) for the frames of NoDowntime.Analyzers.

usage: profile-summary.py <trace.speedscope.json> [frame-substring]
Without a frame: inclusive time per analyzer method, hottest "our frame -> callee" pairs, leaves.
With a frame (e.g. "RequestPathGraph.Build"): the call chains below that frame, heaviest first.
"""
import collections
import json
import sys

OURS = "NoDowntime.Analyzers!"


def short(name, width=110):
    return name.split("!", 1)[-1][:width]


def samples(path):
    """Yields (stack of frame names, milliseconds) for every interval of every thread."""
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            if stack and last is not None:
                names = [frames[i] for i in stack if not frames[i].startswith(("CPU_TIME", "UNMANAGED_CODE_TIME"))]
                yield names, event["at"] - last
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()


def summary(path):
    total = 0.0
    inclusive, pairs, leaves = collections.Counter(), collections.Counter(), collections.Counter()
    for names, ms in samples(path):
        ours = [i for i, n in enumerate(names) if OURS in n and "Benchmarks" not in n]
        if not ours:
            continue
        total += ms
        for name in {short(names[i]) for i in ours}:
            inclusive[name] += ms
        deepest = ours[-1]
        callee = short(names[deepest + 1]) if deepest + 1 < len(names) else "(self)"
        pairs[short(names[deepest]) + "  ->  " + callee] += ms
        leaves[short(names[-1])] += ms
    print(f"time with a NoDowntime frame on the stack: {total:.0f} ms")
    for title, counter, count in (("inclusive", inclusive, 40), ("deepest own frame -> callee", pairs, 30), ("leaves", leaves, 20)):
        print(f"\n== {title}")
        for name, ms in counter.most_common(count):
            print(f"{ms:8.0f}  {name}")


def below(path, frame, depth=5):
    chains = collections.Counter()
    for names, ms in samples(path):
        for i, name in enumerate(names):
            if frame in name:
                chains[" > ".join(short(n, 80) for n in names[i + 1:i + 1 + depth]) or "(self)"] += ms
                break
    for chain, ms in chains.most_common(15):
        print(f"{ms:8.0f}  {chain}\n")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        below(sys.argv[1], sys.argv[2])
    else:
        summary(sys.argv[1])
