using Dapper;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Storage.Tests;

public sealed class SqliteInterviewLogTests() : InterviewLogTests(StorageProvider.Sqlite);

public sealed class PostgresInterviewLogTests() : InterviewLogTests(StorageProvider.Postgres);

public abstract class InterviewLogTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 15, 30, TimeSpan.FromHours(2));
    private static readonly UserRef Ana = new("user-1", "Ana");

    private ProviderDatabase? _database;
    private SqlInterviewLog _log = null!;

    private ProviderDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await ProviderDatabase.CreateAsync(provider);
        _log = new SqlInterviewLog(_database.Database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_interview_round_trips_and_upserting_again_replaces_it()
    {
        var started = new OpenInterview(
            Guid.NewGuid(), "tenant-1", "team-1", "conv-1", new UserRef("aad-1", "Dana “PM” Öz"), null,
            Start.AddTicks(123), Start.AddTicks(123).ToOffset(TimeSpan.FromHours(-7)));
        await _log.UpsertAsync(started, CancellationToken.None);

        Assert.Equal([started], await Stale(new DigestScope("tenant-1", "team-1", "conv-1"), Start.AddHours(1)));

        var named = started with { Name = "CRM rollout ünï", UpdatedAt = Start.AddMinutes(5) };
        await _log.UpsertAsync(named, CancellationToken.None);

        Assert.Equal([named], await Stale(new DigestScope("tenant-1", "team-1", "conv-1"), Start.AddHours(1)));
        await using var connection = await Database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM open_interviews"));
        Assert.Equal("2026-03-02T06:20:30.0000000+00:00", await connection.ExecuteScalarAsync<string>("SELECT updated_at FROM open_interviews"));
    }

    [Fact]
    public async Task Remove_forgets_the_interview()
    {
        var kept = Interview(Start);
        var removed = Interview(Start);
        await _log.UpsertAsync(kept, CancellationToken.None);
        await _log.UpsertAsync(removed, CancellationToken.None);

        await _log.RemoveAsync(removed.SessionId, CancellationToken.None);
        await _log.RemoveAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal([kept], await Stale(new DigestScope("tenant-1", "team-1", "conv-1"), Start.AddDays(1)));
    }

    [Fact]
    public async Task Stale_interviews_of_a_team_are_those_untouched_since_oldest_first_from_any_of_its_conversations()
    {
        var since = Start.AddHours(1);
        var oldest = Interview(Start.AddHours(-5), conversationId: "conv-2");
        var older = Interview(Start.AddHours(-1));
        var justBefore = Interview(since.AddTicks(-1), conversationId: "conv-3");
        await Upsert(
            older,
            Interview(since),
            Interview(Start.AddHours(2)),
            justBefore,
            oldest,
            Interview(Start.AddHours(-9)) with { TeamId = "team-2" },
            Interview(Start.AddHours(-9)) with { TeamId = null },
            Interview(Start.AddHours(-9)) with { TenantId = "tenant-2" });

        var stale = await Stale(new DigestScope("tenant-1", "team-1", "conv-1"), since);
        var firstTwo = await _log.ListStaleAsync(new DigestScope("tenant-1", "team-1", "conv-1"), since, 2, CancellationToken.None);

        Assert.Equal([oldest, older, justBefore], stale);
        Assert.Equal([oldest, older], firstTwo);
    }

    [Fact]
    public async Task Stale_interviews_of_a_group_chat_are_those_of_its_conversation()
    {
        var since = Start.AddHours(1);
        var chat = Interview(Start.AddHours(-2), conversationId: "chat-1") with { TeamId = null };
        var chatLater = Interview(Start, conversationId: "chat-1") with { TeamId = null, User = new UserRef("user-2", "Bo") };
        await Upsert(
            chatLater,
            chat,
            Interview(Start.AddHours(2), conversationId: "chat-1") with { TeamId = null },
            Interview(Start.AddHours(-3), conversationId: "chat-2") with { TeamId = null },
            Interview(Start.AddHours(-3), conversationId: "chat-1") with { TenantId = "tenant-2", TeamId = null });

        Assert.Equal([chat, chatLater], await Stale(new DigestScope("tenant-1", null, "chat-1"), since));
        Assert.Empty(await Stale(new DigestScope("tenant-3", null, "chat-1"), since));
    }

    [Fact]
    public async Task Another_tenants_session_is_not_overwritten()
    {
        var stored = Interview(Start);
        await _log.UpsertAsync(stored, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _log.UpsertAsync(stored with { TenantId = "tenant-2", Name = "Hijacked" }, CancellationToken.None));

        Assert.Equal([stored], await Stale(new DigestScope("tenant-1", "team-1", "conv-1"), Start.AddDays(1)));
        Assert.Empty(await Stale(new DigestScope("tenant-2", "team-1", "conv-1"), Start.AddDays(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _log.ListStaleAsync(new DigestScope("tenant-1", "team-1", "conv-1"), Start, 0, CancellationToken.None));
    }

    private static OpenInterview Interview(DateTimeOffset updatedAt, string conversationId = "conv-1") =>
        new(Guid.NewGuid(), "tenant-1", "team-1", conversationId, Ana, "Payroll", Start.AddDays(-1), updatedAt);

    private async Task Upsert(params OpenInterview[] interviews)
    {
        foreach (var interview in interviews)
        {
            await _log.UpsertAsync(interview, CancellationToken.None);
        }
    }

    private Task<IReadOnlyList<OpenInterview>> Stale(DigestScope scope, DateTimeOffset since) =>
        _log.ListStaleAsync(scope, since, 50, CancellationToken.None);
}
