using Feedback.Core.Access;
using Feedback.Core.Storage;
using Feedback.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Commands;

/// <summary><c>migrate</c>, <c>apikey create</c> and <c>user create</c>: the administration the server binary also offers.</summary>
internal static class AdminCommandSet
{
    public static Command Migrate(CliEnvironment environment)
    {
        var command = new Command("migrate", "Apply pending database migrations (other commands do it too unless Database:MigrateOnStartup is false).");
        command.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken, migrate: false);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            var database = services.GetRequiredService<ConfiguredDatabase>();
            var db = services.GetRequiredService<FeedbackDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            await context.Output.WriteLineAsync($"Database ({database.Provider}) is up to date: {applied.Count} migrations applied, latest {applied.LastOrDefault() ?? "(none)"}.");
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                await context.Output.WriteLineAsync($"File: {Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command ApiKey(CliEnvironment environment)
    {
        var name = new Option<string>("--name") { Description = "What the key is for.", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "predict, feedback, annotate or admin; repeat for several.", Required = true };
        var models = new Option<string[]>("--model") { Description = "Limit the key to these models; repeat for several." };
        var source = new Option<string?>("--source") { Description = "Idempotency namespace of the key's feedback events (default key:{id})." };
        var create = new Command("create", "Create an API key; the key is printed once.") { name, scopes, models, source };
        create.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var issued = await services.GetRequiredService<ApiKeyIssuer>().CreateAsync(
                context.Value(name), context.Value(scopes), context.Value(models) is { Length: > 0 } limited ? limited : null, context.Value(source), cancellationToken);
            await context.Output.WriteLineAsync($"Created API key {issued.ApiKey.Id} ({string.Join(", ", issued.ApiKey.Scopes)}). Key (shown once):");
            await context.Output.WriteLineAsync(issued.Key);
            return ExitCodes.Ok;
        });
        return new Command("apikey", "Manage API keys.") { create };
    }

    public static Command User(CliEnvironment environment)
    {
        var name = new Option<string>("--name") { Description = "User name (lower-case letters, digits, '.', '_', '-').", Required = true };
        var roles = new Option<string[]>("--role") { Description = "admin, engineer, approver, expert or annotator; repeat for several.", Required = true };
        var password = new Option<string?>("--password") { Description = "Password; a strong one is generated and printed when omitted." };
        var create = new Command("create", "Create a web UI account.") { name, roles, password };
        create.SetBody(environment, async (context, cancellationToken) =>
        {
            var services = await context.ServicesAsync(cancellationToken);
            var chosen = context.Value(password);
            var generated = chosen is null ? UserDirectory.GeneratePassword() : null;
            var user = await services.GetRequiredService<UserDirectory>().CreateAsync(
                new UserRequest { UserName = context.Value(name), Password = chosen ?? generated, Roles = [.. context.Value(roles)!] },
                cancellationToken);
            await context.Output.WriteLineAsync($"Created user '{user.UserName}' with roles {string.Join(", ", user.Roles)}.");
            if (generated is not null)
            {
                await context.Output.WriteLineAsync($"Password (shown once): {generated}");
            }

            return ExitCodes.Ok;
        });
        return new Command("user", "Manage web UI accounts.") { create };
    }
}
