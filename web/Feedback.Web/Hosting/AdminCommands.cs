using System.CommandLine;
using Feedback.Core;
using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.Storage;
using Feedback.Core.Users;

namespace Feedback.Web.Hosting;

/// <summary>Administration from the shell, with the same binary and configuration as the server:
/// <c>dotnet run --project web/Feedback.Web -- user create --name ana --role annotator</c>.</summary>
/// <remarks>Configuration comes from appsettings.json and environment variables (e.g. <c>Database__Provider</c>), so a
/// command reaches exactly the database the server uses. The pipeline issue grows this into the full <c>feedback</c> CLI.</remarks>
internal static class AdminCommands
{
    private static readonly string[] Verbs = ["migrate", "user", "apikey"];

    private static IReadOnlyDictionary<string, string?>? s_settings;

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    /// <param name="settings">Configuration that overrides appsettings.json and the environment (tests use it to point at
    /// their own database).</param>
    public static Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        s_settings = settings;
        var root = new RootCommand("Feedback administration commands.");
        root.Subcommands.Add(Migrate());
        root.Subcommands.Add(User());
        root.Subcommands.Add(ApiKey());
        return root.Parse(args).InvokeAsync();
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply pending database migrations.");
        command.SetAction((_, cancellationToken) => WithServicesAsync(_ => Task.FromResult(0), cancellationToken));
        return command;
    }

    private static Command User()
    {
        var name = new Option<string>("--name") { Description = "User name (lower-case letters, digits, '.', '_', '-').", Required = true };
        var roles = new Option<string[]>("--role") { Description = "admin, engineer, approver, expert or annotator; repeat for several.", Required = true };
        var password = new Option<string?>("--password") { Description = "Password; a strong one is generated and printed when omitted." };
        var create = new Command("create", "Create a web UI account.") { name, roles, password };
        create.SetAction((parsed, cancellationToken) => WithServicesAsync(async services =>
        {
            var chosen = parsed.GetValue(password);
            var generated = chosen is null ? UserDirectory.GeneratePassword() : null;
            var user = await services.GetRequiredService<UserDirectory>().CreateAsync(
                new UserRequest { UserName = parsed.GetValue(name), Password = chosen ?? generated, Roles = [.. parsed.GetValue(roles)!] },
                cancellationToken);
            Console.WriteLine($"Created user '{user.UserName}' with roles {string.Join(", ", user.Roles)}.");
            if (generated is not null)
            {
                Console.WriteLine($"Password (shown once): {generated}");
            }

            return 0;
        }, cancellationToken));
        return new Command("user", "Manage web UI accounts.") { create };
    }

    private static Command ApiKey()
    {
        var name = new Option<string>("--name") { Description = "What the key is for.", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "predict, feedback, annotate or admin; repeat for several.", Required = true };
        var models = new Option<string[]>("--model") { Description = "Limit the key to these models; repeat for several." };
        var create = new Command("create", "Create an API key; the key is printed once.") { name, scopes, models };
        create.SetAction((parsed, cancellationToken) => WithServicesAsync(async services =>
        {
            var issued = await services.GetRequiredService<ApiKeyIssuer>().CreateAsync(
                parsed.GetValue(name), parsed.GetValue(scopes), parsed.GetValue(models) is { Length: > 0 } limited ? limited : null, null, cancellationToken);
            Console.WriteLine($"Created API key {issued.ApiKey.Id} ({string.Join(", ", issued.ApiKey.Scopes)}). Key (shown once):");
            Console.WriteLine(issued.Key);
            return 0;
        }, cancellationToken));
        return new Command("apikey", "Manage API keys.") { create };
    }

    /// <summary>Builds the services the server would have (without starting it), migrates, runs the command, and
    /// turns a domain error into a message naming the field and exit code 1.</summary>
    private static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> command, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();
        Core.Storage.UserDataFolder.UseAsDefaultDataDirectory(builder.Configuration, Core.Storage.UserDataFolder.Default());
        if (s_settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(s_settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFeedbackCore();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            return await command(scope.ServiceProvider);
        }
        catch (InvalidInputException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {field}: {string.Join("; ", messages)}");
            }

            return 1;
        }
        catch (DomainException domain)
        {
            await Console.Error.WriteLineAsync($"error: {domain.Message}");
            return 1;
        }
    }
}
