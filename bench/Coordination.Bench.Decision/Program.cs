using BenchmarkDotNet.Running;

// One funding decision in process (issue 10): dotnet run -c Release --project bench/Coordination.Bench.Decision
BenchmarkRunner.Run<Coordination.Bench.Decision.DecisionBenchmarks>(args: args);
