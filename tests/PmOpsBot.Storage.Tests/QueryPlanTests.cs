using Dapper;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;
using Xunit.Abstractions;

namespace PmOpsBot.Storage.Tests;

/// <summary>
/// The registry's lookups read through indexes, never by walking every initiative of a tenant: a sanity
/// check on the plans SQLite chooses (no timing asserted). Without ANALYZE statistics, which the bot
/// never gathers, SQLite plans from the schema alone, so these plans are the ones production gets.
/// </summary>
public sealed class QueryPlanTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SqliteConnectionFactory _factory;
    private readonly ITestOutputHelper _output;

    public QueryPlanTests(ITestOutputHelper output)
    {
        _output = output;
        _factory = _database.CreateMigratedFactory();
    }

    public void Dispose() => _database.Dispose();

    public static TheoryData<string> Queries => new()
    {
        "name words, one prefix",
        "name words, three prefixes",
        "name words, from the rare prefixes",
        "name words, counting",
        "handovers due",
        "without operations owner",
        "involving",
        "digest, team",
        "digest, conversation",
        "stale interviews, team",
        "stale interviews, conversation",
        "active subscriptions",
        "due subscriptions",
        "counting subscriptions",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Lookups_search_indexes_and_never_scan_a_table(string query)
    {
        var plan = Plan(query);

        _output.WriteLine(string.Join(Environment.NewLine, plan));
        Assert.Contains(plan, line => line.Contains("USING INDEX", StringComparison.Ordinal)
            || line.Contains("USING COVERING INDEX", StringComparison.Ordinal)
            || line.Contains("USING PRIMARY KEY", StringComparison.Ordinal)
            || line.Contains("USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        // "SCAN hits" / "SCAN ranked" walk the query's own few candidates; a SCAN of a table reads it all.
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN initiatives", StringComparison.Ordinal)
            || line.StartsWith("SCAN initiative_name_words", StringComparison.Ordinal)
            || line.StartsWith("SCAN open_interviews", StringComparison.Ordinal)
            || line.StartsWith("SCAN digest_subscriptions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("digest, team", "team_id")]
    [InlineData("digest, conversation", "conversation_id")]
    public void The_digest_unites_a_range_on_the_changed_index_and_one_on_the_due_index_of_its_scope(string query, string scopeColumn)
    {
        var scope = scopeColumn == "team_id" ? "team" : "conversation";
        var plan = Plan(query);

        Assert.Contains(plan, line => line.Contains(
            $"ix_initiatives_tenant_{scope}_updated (tenant_id=? AND {scopeColumn}=? AND updated_at>?)", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains(
            $"ix_initiatives_tenant_{scope}_handover_date (tenant_id=? AND {scopeColumn}=? AND handover_date<?)", StringComparison.Ordinal));
        // The united rows are then read by id (the primary key; a rowid is SQLite's alone).
        Assert.Contains("SEARCH initiatives USING INDEX sqlite_autoindex_initiatives_1 (id=?)", plan);
    }

    [Theory]
    [InlineData("stale interviews, team", "ix_open_interviews_tenant_team_updated (tenant_id=? AND team_id=? AND updated_at<?)")]
    [InlineData("stale interviews, conversation", "ix_open_interviews_tenant_conversation_updated (tenant_id=? AND conversation_id=? AND updated_at<?)")]
    public void Stale_interviews_are_read_in_index_order_without_sorting(string query, string index)
    {
        var plan = Plan(query);

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public void The_word_lookup_range_scans_the_word_primary_key_and_reads_candidates_by_id()
    {
        var plan = Plan("name words, three prefixes");

        Assert.Equal(3, plan.Count(line => line == "SEARCH initiative_name_words USING PRIMARY KEY (tenant_id=? AND word>? AND word<?)"));
        Assert.Contains("SEARCH initiatives USING INDEX sqlite_autoindex_initiatives_1 (id=?)", plan);
    }

    [Fact]
    public void The_rare_prefix_lookup_scans_only_the_rare_range_then_reads_each_candidates_words_by_id()
    {
        var plan = Plan("name words, from the rare prefixes");

        // Once, for the one rare prefix: left to itself SQLite would walk every word of the tenant instead.
        Assert.Equal(1, plan.Count(line => line == "SEARCH initiative_name_words USING PRIMARY KEY (tenant_id=? AND word>? AND word<?)"));
        Assert.Contains("SEARCH words USING COVERING INDEX ix_initiative_name_words_initiative (tenant_id=? AND initiative_id=?)", plan);
        Assert.DoesNotContain(plan, line => line.EndsWith("(tenant_id=?)", StringComparison.Ordinal));
        Assert.Contains("SEARCH initiatives USING INDEX sqlite_autoindex_initiatives_1 (id=?)", plan);
    }

    [Fact]
    public void Counting_range_scans_the_word_primary_key()
    {
        Assert.Equal(3, Plan("name words, counting").Count(line => line == "SEARCH initiative_name_words USING PRIMARY KEY (tenant_id=? AND word>? AND word<?)"));
    }

    [Fact]
    public void The_due_list_ranges_over_the_handover_date_index()
    {
        Assert.Contains(
            "SEARCH initiatives USING INDEX ix_initiatives_tenant_handover_date (tenant_id=? AND handover_date>? AND handover_date<?)",
            Plan("handovers due"));
    }

    [Fact]
    public void The_list_without_operations_owner_reads_only_the_partial_index()
    {
        Assert.Contains(Plan("without operations owner"), line => line.Contains("ix_initiatives_awaiting_ops_owner", StringComparison.Ordinal));
    }

    [Fact]
    public void The_involving_list_unites_three_index_lookups()
    {
        var plan = Plan("involving");

        Assert.Contains(plan, line => line.Contains("ix_initiatives_tenant_creator_decided (tenant_id=? AND created_by_id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("ix_initiatives_tenant_project_owner (tenant_id=? AND project_owner_id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("ix_initiatives_tenant_ops_owner (tenant_id=? AND ops_owner_id=?)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_due_subscriptions_are_two_ranges_of_the_next_run_index_merged_without_sorting()
    {
        var plan = Plan("due subscriptions");

        Assert.Contains("SEARCH digest_subscriptions USING INDEX ix_digest_subscriptions_active_next_run (active=? AND next_run_at=?)", plan);
        Assert.Contains("SEARCH digest_subscriptions USING INDEX ix_digest_subscriptions_active_next_run (active=? AND next_run_at<?)", plan);
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public void Counting_subscriptions_reads_the_next_run_index_alone_the_due_ones_as_ranges()
    {
        var plan = Plan("counting subscriptions");

        Assert.Contains("SEARCH digest_subscriptions USING COVERING INDEX ix_digest_subscriptions_active_next_run (active=?)", plan);
        Assert.Contains("SEARCH digest_subscriptions USING COVERING INDEX ix_digest_subscriptions_active_next_run (active=? AND next_run_at=?)", plan);
        Assert.Contains("SEARCH digest_subscriptions USING COVERING INDEX ix_digest_subscriptions_active_next_run (active=? AND next_run_at<?)", plan);
    }

    private static object DigestParameters => new
    {
        TenantId = "t",
        TeamId = "team",
        ConversationId = "c",
        ChangedAfter = "2026-01-01T00:00:00.0000000+00:00",
        DueUntil = "2026-02-01",
        Limit = 50,
    };

    private static object StaleParameters => new { TenantId = "t", TeamId = "team", ConversationId = "c", UntouchedSince = "2026-01-01T00:00:00.0000000+00:00", Limit = 50 };

    private List<string> Plan(string query)
    {
        var (sql, parameters) = query switch
        {
            "name words, one prefix" => (SqlInitiativeStore.FindByNameWordsSql(1), (object)SqlInitiativeStore.FindByNameWordsParameters("t", ["crm"], 200)),
            "name words, three prefixes" => (SqlInitiativeStore.FindByNameWordsSql(3), SqlInitiativeStore.FindByNameWordsParameters("t", ["crm", "rol", "eme"], 200)),
            "name words, from the rare prefixes" => (SqlInitiativeStore.FindByNameWordsSql(3, [2]), SqlInitiativeStore.FindByNameWordsParameters("t", ["crm", "rol", "eme"], 200)),
            "name words, counting" => (SqlInitiativeStore.CountPrefixWordsSql(3), SqlInitiativeStore.FindByNameWordsParameters("t", ["crm", "rol", "eme"], 200)),
            "handovers due" => (SqlInitiativeStore.ListHandoversDueSql, new { TenantId = "t", From = "2026-01-01", To = "2026-02-01", Limit = 50 }),
            "without operations owner" => (SqlInitiativeStore.ListWithoutOperationsOwnerSql, new { TenantId = "t", Limit = 50 }),
            "involving" => (SqlInitiativeStore.ListInvolvingSql, new { TenantId = "t", UserId = "u", Limit = 50 }),
            "digest, team" => (SqlInitiativeStore.ListForDigestByTeamSql, DigestParameters),
            "digest, conversation" => (SqlInitiativeStore.ListForDigestByConversationSql, DigestParameters),
            "stale interviews, team" => (SqlInterviewLog.ListStaleByTeamSql, StaleParameters),
            "stale interviews, conversation" => (SqlInterviewLog.ListStaleByConversationSql, StaleParameters),
            "active subscriptions" => (SqlDigestSubscriptionStore.ListActiveSql, new { }),
            "due subscriptions" => (SqlDigestSubscriptionStore.ListDueSql, new { Now = "2026-01-01T00:00:00.0000000+00:00", Limit = 1000 }),
            "counting subscriptions" => (SqlDigestSubscriptionStore.CountActiveSql, new { Now = "2026-01-01T00:00:00.0000000+00:00" }),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
        };

        using var connection = _factory.OpenConnection();
        return connection.Query<PlanRow>("EXPLAIN QUERY PLAN " + sql, parameters).Select(row => row.Detail).ToList();
    }

    private sealed class PlanRow
    {
        public string Detail { get; set; } = "";
    }
}
