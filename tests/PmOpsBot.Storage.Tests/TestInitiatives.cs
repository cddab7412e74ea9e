using System.Data.Common;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Stores;

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
    public static async Task BulkInsertAsync(StorageDatabase database, string tenantId, IEnumerable<string> names)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = names.Select(name => (Id: Guid.NewGuid().ToString("D"), Name: name)).ToArray();
        // Many rows a statement, bound without Dapper (which searches the SQL for every parameter name):
        // one round trip per row would take minutes for a large registry on PostgreSQL.
        foreach (var chunk in rows.Chunk(50))
        {
            await ExecuteRowsAsync(
                connection,
                transaction,
                """
                INSERT INTO initiatives (
                    id, tenant_id, channel_id, conversation_id, name, name_key, description, created_by_id, created_by_name,
                    decision, confidence, is_mixed, signals_json, stage, created_at, decided_at, updated_at)
                VALUES
                """,
                i => $"(@Id{i}, @TenantId, 'msteams', 'bulk', @Name{i}, @NameKey{i}, '', 'bulk-user', 'Bulk', 'project', 0.5, 0, '[]', 'proposed', "
                    + "'2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:00:00.0000000+00:00')",
                tenantId,
                chunk.Select((row, i) => new[] { ($"Id{i}", row.Id), ($"Name{i}", row.Name), ($"NameKey{i}", SqlInitiativeStore.ToNameKey(row.Name)) }));
        }

        var words = rows.SelectMany(row => NameWords.Of(row.Name).Select(word => (Word: word, InitiativeId: row.Id))).ToArray();
        foreach (var chunk in words.Chunk(100))
        {
            await ExecuteRowsAsync(
                connection,
                transaction,
                "INSERT INTO initiative_name_words (tenant_id, word, initiative_id) VALUES",
                i => $"(@TenantId, @W{i}, @I{i})",
                tenantId,
                chunk.Select((row, i) => new[] { ($"W{i}", row.Word), ($"I{i}", row.InitiativeId) }));
        }

        await transaction.CommitAsync();
    }

    private static async Task ExecuteRowsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string insert,
        Func<int, string> values,
        string tenantId,
        IEnumerable<(string Name, string Value)[]> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        AddParameter(command, "TenantId", tenantId);
        var count = 0;
        foreach (var row in rows)
        {
            foreach (var (name, value) in row)
            {
                AddParameter(command, name, value);
            }

            count++;
        }

        command.CommandText = insert + "\n" + string.Join(",\n", Enumerable.Range(0, count).Select(values));
        await command.ExecuteNonQueryAsync();
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
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
