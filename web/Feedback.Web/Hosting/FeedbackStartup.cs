using Feedback.Core.Access;
using Feedback.Core.Storage;
using Feedback.Core.Users;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Feedback.Web.Hosting;

/// <summary>Options for a fresh install. Bound from the <c>Bootstrap</c> section.</summary>
internal sealed class BootstrapOptions
{
    /// <summary>On a database with no API keys, create an admin key and print it once. Defaults to true.</summary>
    public bool CreateAdminKey { get; set; } = true;

    /// <summary>On a database with no users, create the user <c>admin</c> with a generated password and print it once.
    /// Defaults to true.</summary>
    public bool CreateAdminUser { get; set; } = true;
}

/// <summary>Before the server listens: migrate the database (when configured) and, on a fresh install, create the
/// first admin API key. After it listens: print where it listens and that key.</summary>
internal sealed partial class FeedbackStartup(
    DatabaseMigrator migrator,
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> database,
    IOptions<BootstrapOptions> bootstrap,
    IHostApplicationLifetime lifetime,
    IServer server,
    ConfiguredDatabase configured,
    ILogger<FeedbackStartup> logger) : IHostedService
{
    public const string FirstAdminUserName = "admin";

    private string? _firstKey;
    private string? _firstAdminPassword;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
        }

        if (bootstrap.Value.CreateAdminKey)
        {
            await using var scope = scopes.CreateAsyncScope();
            var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
            if (!await issuer.AnyAsync(cancellationToken))
            {
                var issued = await issuer.CreateAsync("bootstrap admin", ["admin"], null, null, cancellationToken);
                _firstKey = issued.Key;
                Log.BootstrapKeyCreated(logger, issued.ApiKey.Id);
            }
        }

        if (bootstrap.Value.CreateAdminUser)
        {
            await CreateFirstAdminAsync(cancellationToken);
        }

        lifetime.ApplicationStarted.Register(PrintBanner);
    }

    private async Task CreateFirstAdminAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        if (await users.AnyAsync(cancellationToken))
        {
            return;
        }

        var password = UserDirectory.GeneratePassword();
        await users.CreateAsync(new UserRequest { UserName = FirstAdminUserName, Password = password, Roles = [UserRoleNames.Admin] }, cancellationToken);
        _firstAdminPassword = password;
        Log.BootstrapAdminCreated(logger, FirstAdminUserName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintBanner()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var target = configured.Provider == DatabaseProvider.Sqlite
            ? $"SQLite ({new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(configured.ConnectionString).DataSource})"
            : "PostgreSQL";
        Console.WriteLine();
        Console.WriteLine($"Feedback is listening on {string.Join(", ", addresses)}  (database: {target})");
        Console.WriteLine("  API reference: /openapi/v1.json   health: /healthz   readiness: /readyz");
        if (_firstKey is not null)
        {
            Console.WriteLine();
            Console.WriteLine("  First admin API key (shown once, stored hashed; keep it safe):");
            Console.WriteLine($"    {_firstKey}");
            Console.WriteLine("  Use it as 'Authorization: Bearer <key>'; create narrower keys with POST /api/v1/apikeys.");
            _firstKey = null;
        }

        if (_firstAdminPassword is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"  First web UI account (shown once, stored hashed): user '{FirstAdminUserName}', password:");
            Console.WriteLine($"    {_firstAdminPassword}");
            Console.WriteLine("  Sign in at the URL above; create more users under Users (or POST /api/v1/users).");
            _firstAdminPassword = null;
        }

        Console.WriteLine();
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Warning, "Fresh install: created the first admin API key {KeyId}; it is printed once on the console")]
        public static partial void BootstrapKeyCreated(ILogger logger, string keyId);

        [LoggerMessage(301, LogLevel.Warning, "Fresh install: created the first admin user {UserName}; the password is printed once on the console")]
        public static partial void BootstrapAdminCreated(ILogger logger, string userName);
    }
}
