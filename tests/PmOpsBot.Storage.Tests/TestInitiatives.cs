using Dapper;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;

namespace PmOpsBot.Storage.Tests;

/// <summary>Initiatives for registry tests, and a comparison that looks inside their lists.</summary>
internal static class TestInitiatives
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 9, 30, 15, TimeSpan.FromHours(2));

    public static readonly UserRef Ana = new("user-1", "Ana");

    public static readonly UserRef Bo = new("user-2", "Bo");

    public static readonly UserRef Cy = new("user-3", "Cy");

    public static Initiative New(string name = "Payroll migration", string tenantId = "tenant-1") => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        ChannelId = "msteams",
        ConversationId = "19:abc@thread.tacv2",
        Name = name,
        CreatedBy = Ana,
        Decision = Decision.Project,
        Confidence = 0.75,
        IsMixed = false,
        Signals = [new DimensionSignal(Dimension.WorkStyle, Leaning.Project, SignalSource.Answer, "one-off")],
        CreatedAt = Start,
        DecidedAt = Start,
    };

    /// <summary>Every field set, with awkward values: offsets, sub-second ticks, quotes, non-Latin text.</summary>
    public static Initiative FullyPopulated() => New("CRM rollout “Ωmega” 2027") with
    {
        TeamId = "team-1",
        Description = "Roll out the CRM to sales; quote \" and ünïcödé",
        Decision = Decision.Operations,
        Confidence = 0.8234567891234,
        IsMixed = true,
        Stage = InitiativeStage.HandingOver,
        CreatedAt = Start.AddTicks(1234567),
        DecidedAt = Start.AddMinutes(5).AddTicks(7),
        Signals =
        [
            new DimensionSignal(Dimension.Timeframe, Leaning.Project, SignalSource.Answer, "ends in March"),
            new DimensionSignal(Dimension.SuccessMeasure, Leaning.Operations, SignalSource.ConfirmedInference, "keep SLA"),
        ],
        ProjectOwner = new UserRef("aad-project", "Dana “PM” Öz"),
        OperationsOwner = new OwnerAssignment(
            new UserRef("aad-ops", "Eli Ops"),
            OwnerResponse.Declined,
            Bo,
            Start.AddDays(1).ToOffset(TimeSpan.FromHours(-7)).AddTicks(3),
            Start.AddDays(2).AddTicks(9)),
        HandoverDate = new DateOnly(2027, 3, 1),
        Checklist =
        [
            new ChecklistTick(ReadinessItem.RunbookWritten, Cy, Start.AddHours(3).AddTicks(11)),
            new ChecklistTick(ReadinessItem.KpisAndMonitoring, Ana, Start.AddHours(4).ToOffset(TimeSpan.FromHours(9))),
            new ChecklistTick(ReadinessItem.EarlyLifeSupport, Bo, Start.AddHours(5)),
        ],
        StageHistory =
        [
            new StageChange(InitiativeStage.Proposed, InitiativeStage.InProject, Ana, Start.AddDays(1)),
            new StageChange(InitiativeStage.InProject, InitiativeStage.HandingOver, Bo, Start.AddDays(30).AddTicks(5)),
        ],
        ParentId = Guid.NewGuid(),
    };

    /// <summary>
    /// Thousands of minimal initiatives in one transaction, words included, straight into the tables:
    /// SaveAsync commits each one, which is too slow to build a large registry in a test.
    /// </summary>
    public static void BulkInsert(SqliteConnectionFactory factory, string tenantId, IEnumerable<string> names)
    {
        using var connection = factory.OpenConnection();
        NameWordIndex.RegisterSqlFunction(connection);
        using var transaction = connection.BeginTransaction();
        var rows = names.Select(name => new { Id = Guid.NewGuid().ToString("D"), TenantId = tenantId, Name = name }).ToArray();
        connection.Execute(
            """
            INSERT INTO initiatives (
                id, tenant_id, channel_id, conversation_id, name, name_key, description, created_by_id, created_by_name,
                decision, confidence, is_mixed, signals_json, stage, created_at, decided_at, updated_at)
            VALUES (
                @Id, @TenantId, 'msteams', 'bulk', @Name, lower(@Name), '', 'bulk-user', 'Bulk',
                'project', 0.5, 0, '[]', 'proposed', '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00',
                '2025-01-01T00:00:00.0000000+00:00');
            INSERT INTO initiative_name_words (tenant_id, word, initiative_id)
            SELECT @TenantId, words.value, @Id FROM json_each(pmopsbot_name_words(@Name)) AS words;
            """,
            rows,
            transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Records compare lists by reference, so lists are compared as sequences and the rest as records.
    /// <see cref="Initiative.UpdatedAt"/> is the store's clock, not the caller's: left out here, checked
    /// by the tests that set the clock.
    /// </summary>
    public static void AssertSame(Initiative expected, Initiative? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Signals, actual.Signals);
        Assert.Equal(expected.Checklist, actual.Checklist);
        Assert.Equal(expected.StageHistory, actual.StageHistory);
        Assert.Equal(
            expected with { Signals = [], Checklist = [], StageHistory = [], UpdatedAt = default },
            actual with { Signals = [], Checklist = [], StageHistory = [], UpdatedAt = default });
    }
}
