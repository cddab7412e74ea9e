using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/PmOpsBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
