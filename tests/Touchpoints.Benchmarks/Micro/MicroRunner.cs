using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Touchpoints.Benchmarks.Micro;

/// <summary>
/// Runs the micro-benchmarks with BenchmarkDotNet, in process (no child build, so it fits the quick run), allocations
/// reported; a quick run takes few, short iterations. Reports go to <c>{output}/micro</c>.
/// </summary>
internal static class MicroRunner
{
    public static int Run(bool quick, string output)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        if (quick)
        {
            job = job.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(output, "micro"));
        var summary = BenchmarkRunner.Run<PipelineMicroBenchmarks>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(static r => !r.Success) ? 1 : 0;
    }
}
