using System.Net;
using Feedback.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Feedback.Bench.Serving;

/// <summary>The baseline of issue 17: a bare minimal-API endpoint that commits one row per request (one INSERT, its
/// own implicit transaction) to the same database as the product, with nothing else (no auth, no validation, no
/// scoring). Its latency is the floor any durable per-request write can reach on this machine.</summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private long _next;

    private BareEndpoint(WebApplication app, NpgsqlDataSource? dataSource)
    {
        _app = app;
        _dataSource = dataSource;
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<BareEndpoint> StartAsync(DatabaseProvider provider, string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new BareEndpoint(app, provider == DatabaseProvider.PostgreSql ? NpgsqlDataSource.Create(connectionString) : null);
        await endpoint.ExecuteAsync(connectionString, "CREATE TABLE IF NOT EXISTS bench_bare (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
        app.MapPost("/bare", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var id = Interlocked.Increment(ref endpoint._next);
            await endpoint.InsertAsync(connectionString, id, body, http.RequestAborted);
            return Results.Ok(new { id });
        });
        await app.StartAsync();
        endpoint.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        _sqliteWriter.Dispose();
    }

    private async Task InsertAsync(string connectionString, long id, string body, CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            await using var command = _dataSource.CreateCommand("INSERT INTO bench_bare (id, body) VALUES ($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = body });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // One writer at a time, as the product's SQLite write gate does: cheaper than spinning on SQLITE_BUSY.
        await _sqliteWriter.WaitAsync(cancellationToken);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO bench_bare (id, body) VALUES ($id, $body)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$body", body);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _sqliteWriter.Release();
        }
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        if (_dataSource is not null)
        {
            await using var command = _dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var sqlite = connection.CreateCommand();
        sqlite.CommandText = sql;
        await sqlite.ExecuteNonQueryAsync();
    }
}
