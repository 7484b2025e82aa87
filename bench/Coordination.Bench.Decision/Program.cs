using BenchmarkDotNet.Running;
using Coordination.Bench.Decision;

// In-process benchmarks of the pure domain functions: one funding decision (issue 10) and the MDO slot search (issue 11).
//   dotnet run -c Release --project bench/Coordination.Bench.Decision                          (both)
//   dotnet run -c Release --project bench/Coordination.Bench.Decision -- --filter '*SlotSearch*' (one)
BenchmarkSwitcher.FromTypes([typeof(DecisionBenchmarks), typeof(SlotSearchBenchmarks)]).RunAll(args: args);
