using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench.Ingestion;

/// <summary>The real web host on Kestrel (port 0, loopback) over a throwaway database, as the tests run it, but in
/// the Production environment: Development turns on dependency-injection scope validation on every request.</summary>
internal sealed class BenchApp(DatabaseProvider provider) : FeedbackAppFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["environment"] = "Production",
    };

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
}
