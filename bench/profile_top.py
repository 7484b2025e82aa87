#!/usr/bin/env python3
"""Prints each process's top frames from the speedscope files dotnet-trace wrote (deploy/bench.sh with
BENCH_PROFILE_SECONDS): the frames where sampled threads spent their time running, self and inclusive,
leaving out threads that only waited. Usage: profile_top.py DIR [N]."""
import json, os, sys
from collections import Counter

# A sample whose innermost frame is one of these is a thread waiting, not working.
WAITING = ("Monitor.Wait", "WaitHandle.Wait", "LowLevelLifoSemaphore", "Thread.Sleep", "WaitOneNative",
           "LowLevelMonitor.Wait", "SpinWait", "Thread.SleepInternal", "Interop+Sys.WaitForSocketEvents", "SocketAsyncEngine.EventLoop",
           "ManualResetEventSlim.Wait", "Task.SpinThenBlockingWait", "Interop+Sys.Poll", "Interop+Sys.Read", "WaitHandle.WaitOneCore")

def waiting(name):
    return any(w in name for w in WAITING)

def summarise(path, top):
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    self_time, inclusive, total = Counter(), Counter(), 0.0
    callers = {}
    for profile in data["profiles"]:
        if profile.get("type") != "evented":
            continue
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            # dotnet-trace marks a running sample with a CPU_TIME leaf: the frame under it is the one running.
            if len(stack) > 1 and last is not None and at > last and frames[stack[-1]] == "CPU_TIME":
                span = at - last
                leaf = frames[stack[-2]]
                if not waiting(leaf):
                    total += span
                    self_time[leaf] += span
                    # The nearest caller that is not the runtime's own plumbing says whose work the frame is.
                    caller = next((frames[i] for i in reversed(stack[:-2]) if not frames[i].startswith("System.Private.CoreLib!")), "?")
                    callers.setdefault(leaf, Counter())[caller] += span
                    for name in set(frames[i] for i in stack[:-1]):
                        inclusive[name] += span
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    return total, callers, self_time.most_common(top), [(n, t) for n, t in inclusive.most_common(200) if any(p in n for p in ("Coordination", "Referral.", "Consent.", "FamilyPlan.", "FundingRoute.", "MdoScheduling.", "Yarp", "MassTransit", "Dapper", "Microsoft.Data.Sqlite", "System.Text.Json", "Microsoft.AspNetCore.Authentication", "Microsoft.IdentityModel", "OpenTelemetry", "Microsoft.Extensions.Logging"))][:top]

def main():
    folder, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 8
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".speedscope.json"):
            continue
        total, callers, own, ours = summarise(os.path.join(folder, name), top)
        unit = json.load(open(os.path.join(folder, name)))["profiles"][0].get("unit", "milliseconds")
        seconds = total / 1000 if unit == "milliseconds" else total
        print(f"## {name.split('.')[0]}: {seconds:.1f} s of sampled running thread time")
        print("self:")
        for rank, (frame, t) in enumerate(own):
            print(f"  {100 * t / total:5.1f}%  {frame[:160]}")
            if rank < 3:
                for caller, c in callers[frame].most_common(2):
                    print(f"           {100 * c / t:5.1f}% of it under {caller[:140]}")
        print("inclusive (platform and library frames):")
        for frame, t in ours:
            print(f"  {100 * t / total:5.1f}%  {frame[:160]}")

if __name__ == "__main__":
    main()
