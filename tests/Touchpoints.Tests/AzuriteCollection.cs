using Touchpoints.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
