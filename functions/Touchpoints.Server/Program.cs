using Touchpoints.Server;

await TouchpointServer.Build(args).RunAsync().ConfigureAwait(false);
