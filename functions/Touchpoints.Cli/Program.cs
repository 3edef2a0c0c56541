using System.CommandLine;
using Touchpoints.Cli.Commands;

var root = new RootCommand("Operate the touchpoint pipeline: daily funnel snapshots, backfills, journey rebuilds, customer journeys, replays and synthetic data.")
{
    SnapshotCommand.Create(),
    BackfillCommand.Create(),
    RebuildCommand.Create(),
    JourneyCommand.Create(),
    ReplayCommand.Create(),
    GenerateCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
