using Microsoft.Extensions.Logging.Abstractions;
using PmOpsBot.Core.Classification;
using PmOpsBot.Core.Digest;
using PmOpsBot.Core.Handover;
using PmOpsBot.Core.Initiatives;
using PmOpsBot.Storage.Sqlite;
using PmOpsBot.Storage.Stores;

namespace PmOpsBot.Benchmarks;

/// <summary>
/// A SQLite registry for the stand-up digest: 100,000 initiatives in one tenant, 1,000 in each of 100 teams,
/// seeded through <see cref="SqlInitiativeStore.SaveAsync"/> and <see cref="SqlInterviewLog.UpsertAsync"/>
/// and kept in the temp folder (a <c>.ready</c> marker says the build finished), so every benchmark process reuses it.
/// </summary>
/// <remarks>
/// <para>
/// Everything is relative to a fixed instant, <see cref="Now"/> (Wednesday 25 November 2026, 09:00 in Berlin), so
/// the cached file stays valid whatever day the benchmark runs. The store stamps <c>updated_at</c> from its clock,
/// so seeding moves a clock of its own to the instant each initiative was last changed.
/// </para>
/// <para>
/// Every team gets the same mix, in a shuffled order and interleaved with the other teams (as if created over
/// the years): 600 finished (in operations or retired; handover dates 30 days to 4 years ago, or none for
/// operations work), 300 active with handover dates 8 days to 18 months ahead, 40 active without a date,
/// 25 overdue by 1–60 days, 15 due in the next 7 days, 10 created and decided since the last digest and 10
/// moved a stage since then. Histories, owners (of the active projects, 40 % have no operations owner yet, 10 %
/// a declined one, 25 % one who has not answered) and readiness ticks follow the stage. Each team also has 12 open interviews, 8 of them
/// untouched for more than a day.
/// </para>
/// </remarks>
public static class DigestRegistry
{
    public const string Tenant = "bench-digest-tenant";
    public const int Teams = 100;
    public const int PerTeam = 1_000;
    public const int Count = Teams * PerTeam;
    public const int InterviewsPerTeam = 12;

    /// <summary>The instant every digest in the benchmarks is built at: Wednesday 25 November 2026, 09:00 CET.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The previous digest's post (Tuesday 09:00:04 CET): "new since" starts here.</summary>
    public static readonly DateTimeOffset LastPosted = new(2026, 11, 24, 8, 0, 4, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 25);

    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloé", "Daniel", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kasia", "Liam", "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tess"];
    private static readonly string[] LastNames = ["Schmidt", "Okafor", "García", "Nguyen", "Kowalski", "Rossi", "Johansson", "Dubois", "Tanaka", "Müller", "Silva", "Novak", "Haddad", "Brown", "Ivanova"];
    private static readonly string[] InterviewNames = ["Supplier portal", "Badge readers", "Expense app", "Shift planner", "VPN refresh", "Chatbot pilot"];

    public static string PathFor(string name) => Path.Combine(Path.GetTempPath(), $"pmopsbot-bench-{name}-v1.db");

    public static string TeamId(int team) => $"19:bench-team-{team:D3}@thread.tacv2";

    public static string ConversationOf(int team) => $"19:bench-team-{team:D3}-general@thread.tacv2";

    /// <summary>The digest subscription of team <paramref name="team"/>'s general channel, last posted <see cref="LastPosted"/>.</summary>
    public static DigestSubscription SubscriptionOf(int team) => new()
    {
        Id = new Guid(team + 1, 0xd1, 0x6e, 0, 0, 0, 0, 0, 0, 0, 0),
        TenantId = Tenant,
        TeamId = TeamId(team),
        ChannelId = "msteams",
        ConversationId = ConversationOf(team),
        DeliveryAddress = "{}",
        TimeOfDay = new TimeOnly(9, 0),
        TimeZoneId = "Europe/Berlin",
        WorkingDays = DigestSchedule.Weekdays,
        CreatedBy = Person(team, 0),
        CreatedAt = new DateTimeOffset(2026, 1, 12, 8, 0, 0, TimeSpan.Zero),
        LastPostedAt = LastPosted,
    };

    public static SqliteConnectionFactory Open()
    {
        var path = PathFor("digest");
        var ready = path + ".ready";
        var factory = new SqliteConnectionFactory($"Data Source={path}");
        if (File.Exists(ready)) return factory;

        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        new SqliteMigrator(factory, NullLogger<SqliteMigrator>.Instance).Migrate();
        var clock = new SettableClock();
        var store = new SqlInitiativeStore(new SqliteDatabase(factory), clock);
        var kinds = Enumerable.Range(0, Teams).Select(team => Shuffled(Mix(), new Random(1000 + team))).ToArray();
        var randoms = Enumerable.Range(0, Teams).Select(team => new Random(team)).ToArray();

        // Interleaved: the rows of one team are spread over the whole table, as they would be after years of use.
        for (var i = 0; i < PerTeam; i++)
        {
            for (var team = 0; team < Teams; team++)
            {
                var (initiative, updatedAt) = Make(team, i, kinds[team][i], randoms[team]);
                clock.Now = updatedAt;
                store.SaveAsync(initiative, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        var interviews = new SqlInterviewLog(new SqliteDatabase(factory));
        for (var team = 0; team < Teams; team++)
        {
            var random = new Random(5000 + team);
            for (var k = 0; k < InterviewsPerTeam; k++)
            {
                // 4 touched within the last day (still in progress), 8 left alone for 1–20 days.
                var updated = k < 4 ? Now.AddMinutes(-random.Next(10, 1400)) : Now.AddHours(-random.Next(25, 480));
                var interview = new OpenInterview(
                    Guid.NewGuid(), Tenant, TeamId(team), ConversationOf(team), Person(team, random.Next(40)),
                    k % 3 == 0 ? null : $"{InterviewNames[random.Next(InterviewNames.Length)]} {team}-{k}",
                    updated.AddMinutes(-random.Next(1, 120)), updated);
                interviews.UpsertAsync(interview, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        File.WriteAllText(ready, DateTime.UtcNow.ToString("O"));
        return factory;
    }

    private enum Kind { Finished, FutureActive, Undated, Overdue, DueSoon, NewSinceLastDigest, MovedSinceLastDigest }

    private static List<Kind> Mix() =>
    [
        .. Enumerable.Repeat(Kind.Finished, 600),
        .. Enumerable.Repeat(Kind.FutureActive, 300),
        .. Enumerable.Repeat(Kind.Undated, 40),
        .. Enumerable.Repeat(Kind.Overdue, 25),
        .. Enumerable.Repeat(Kind.DueSoon, 15),
        .. Enumerable.Repeat(Kind.NewSinceLastDigest, 10),
        .. Enumerable.Repeat(Kind.MovedSinceLastDigest, 10),
    ];

    private static List<Kind> Shuffled(List<Kind> kinds, Random random)
    {
        for (var i = kinds.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (kinds[i], kinds[j]) = (kinds[j], kinds[i]);
        }

        return kinds;
    }

    private static UserRef Person(int team, int n) =>
        new($"aad-{team:D3}-{n:D2}", $"{FirstNames[(team + n) % FirstNames.Length]} {LastNames[(team * 7 + n) % LastNames.Length]}");

    /// <summary>The initiative and when it was last stored (the store's updated_at).</summary>
    private static (Initiative Initiative, DateTimeOffset UpdatedAt) Make(int team, int i, Kind kind, Random random)
    {
        var creator = Person(team, random.Next(40));
        var projectOwner = random.Next(4) == 0 ? Person(team, random.Next(40)) : creator;
        var opsPerson = Person(team, 40 + random.Next(20));
        var decision = random.Next(10) switch { < 7 => Decision.Project, < 9 => Decision.Operations, _ => Decision.Project };
        var isMixed = decision == Decision.Project && random.Next(8) == 0;
        var today = Today;

        DateOnly? handover;
        InitiativeStage stage;
        DateTimeOffset decided;
        DateTimeOffset updated;
        var lastMoveAt = (DateTimeOffset?)null;
        switch (kind)
        {
            case Kind.Finished:
                decision = random.Next(5) == 0 ? Decision.Operations : decision;
                stage = random.Next(4) == 0 ? InitiativeStage.Retired : InitiativeStage.InOperations;
                handover = decision == Decision.Operations && !isMixed ? null : today.AddDays(-random.Next(30, 1460));
                decided = Now.AddDays(-random.Next(200, 1800));
                updated = Now.AddDays(-random.Next(2, 500));
                break;
            case Kind.FutureActive:
                stage = random.Next(3) switch { 0 => InitiativeStage.Proposed, 1 => InitiativeStage.InProject, _ => InitiativeStage.InProject };
                handover = today.AddDays(random.Next(8, 540));
                decided = Now.AddDays(-random.Next(10, 400));
                updated = Now.AddDays(-random.Next(2, 60));
                break;
            case Kind.Undated:
                stage = random.Next(2) == 0 ? InitiativeStage.Proposed : InitiativeStage.InProject;
                handover = null;
                decided = Now.AddDays(-random.Next(5, 300));
                updated = Now.AddDays(-random.Next(2, 60));
                break;
            case Kind.Overdue:
                decision = Decision.Project;
                stage = random.Next(3) == 0 ? InitiativeStage.HandingOver : InitiativeStage.InProject;
                handover = today.AddDays(-random.Next(1, 61));
                decided = Now.AddDays(-random.Next(90, 400));
                updated = Now.AddDays(-random.Next(2, 30));
                break;
            case Kind.DueSoon:
                decision = Decision.Project;
                stage = random.Next(2) == 0 ? InitiativeStage.HandingOver : InitiativeStage.InProject;
                handover = today.AddDays(random.Next(0, DigestBuilder.DueWindowDays + 1));
                decided = Now.AddDays(-random.Next(60, 300));
                updated = Now.AddDays(-random.Next(2, 20));
                break;
            case Kind.NewSinceLastDigest:
                stage = InitiativeStage.Proposed;
                handover = random.Next(3) == 0 ? null : today.AddDays(random.Next(30, 200));
                decided = LastPosted.AddMinutes(random.Next(5, 1400));
                updated = decided.AddSeconds(random.Next(1, 30));
                break;
            default: // moved a stage since the last digest
                stage = random.Next(3) switch { 0 => InitiativeStage.InProject, 1 => InitiativeStage.HandingOver, _ => InitiativeStage.InOperations };
                handover = stage == InitiativeStage.InOperations ? today.AddDays(-random.Next(0, 5)) : today.AddDays(random.Next(3, 90));
                decided = Now.AddDays(-random.Next(30, 300));
                lastMoveAt = LastPosted.AddMinutes(random.Next(5, 1400));
                updated = lastMoveAt.Value.AddSeconds(1);
                break;
        }

        if (decision == Decision.Operations && !isMixed && stage is InitiativeStage.InProject or InitiativeStage.HandingOver)
            decision = Decision.Project;

        // Never changed before it was decided (every kind but the two recent ones stays before LastPosted).
        if (updated < decided) updated = decided + (Now - decided) / 2;

        var history = History(stage, decision, isMixed, decided, lastMoveAt, updated, projectOwner, random);
        var ops = OperationsOwner(stage, decision, isMixed, opsPerson, projectOwner, decided, random);
        var checklist = Checklist(stage, projectOwner, decided, updated, random);
        var initiative = new Initiative
        {
            Id = Guid.NewGuid(),
            TenantId = Tenant,
            TeamId = TeamId(team),
            ChannelId = "msteams",
            ConversationId = random.Next(3) == 0 ? $"19:bench-team-{team:D3}-ch{random.Next(6)}@thread.tacv2" : ConversationOf(team),
            Name = LargeRegistry.NameOf(i * Teams + team),
            Description = "Seeded for the digest benchmark: roll the change out to every site and hand it to the service desk.",
            CreatedBy = creator,
            ProjectOwner = projectOwner,
            OperationsOwner = ops,
            Decision = decision,
            Confidence = 0.6 + random.NextDouble() * 0.35,
            IsMixed = isMixed,
            Stage = stage,
            HandoverDate = handover,
            Checklist = checklist,
            StageHistory = history,
            CreatedAt = decided.AddMinutes(-random.Next(3, 30)),
            DecidedAt = decided,
        };
        return (initiative, updated);
    }

    private static StageChange[] History(InitiativeStage stage, Decision decision, bool isMixed, DateTimeOffset decided, DateTimeOffset? lastMoveAt, DateTimeOffset updated, UserRef by, Random random)
    {
        InitiativeStage[] path = decision == Decision.Operations && !isMixed
            ? [InitiativeStage.Proposed, InitiativeStage.InOperations, InitiativeStage.Retired]
            : [InitiativeStage.Proposed, InitiativeStage.InProject, InitiativeStage.HandingOver, InitiativeStage.InOperations, InitiativeStage.Retired];
        var moves = Array.IndexOf(path, stage);
        if (moves <= 0) return [];

        // Spread the moves between the decision and the last change; the last one at lastMoveAt when given.
        var last = lastMoveAt ?? updated;
        var changes = new StageChange[moves];
        for (var m = 0; m < moves; m++)
        {
            var at = m == moves - 1 ? last : decided + (last - decided) * ((m + 1.0) / (moves + 1)) + TimeSpan.FromMinutes(random.Next(60));
            changes[m] = new StageChange(path[m], path[m + 1], by, at);
        }

        return changes;
    }

    private static OwnerAssignment? OperationsOwner(InitiativeStage stage, Decision decision, bool isMixed, UserRef person, UserRef assignedBy, DateTimeOffset decided, Random random)
    {
        var assignedAt = decided.AddDays(random.Next(1, 30));
        if (stage is InitiativeStage.InOperations or InitiativeStage.Retired || (decision == Decision.Operations && !isMixed))
            return new OwnerAssignment(person, OwnerResponse.Accepted, assignedBy, assignedAt, assignedAt.AddHours(3));

        // Active projects: 40 % nobody yet, 10 % declined, 25 % waiting for an answer, 25 % accepted.
        return random.Next(20) switch
        {
            < 8 => null,
            < 10 => new OwnerAssignment(person, OwnerResponse.Declined, assignedBy, assignedAt, assignedAt.AddDays(1)),
            < 15 => new OwnerAssignment(person, OwnerResponse.Pending, assignedBy, assignedAt),
            _ => new OwnerAssignment(person, OwnerResponse.Accepted, assignedBy, assignedAt, assignedAt.AddHours(5)),
        };
    }

    private static ChecklistTick[] Checklist(InitiativeStage stage, UserRef by, DateTimeOffset decided, DateTimeOffset updated, Random random)
    {
        var ticks = stage switch
        {
            InitiativeStage.Proposed => 0,
            InitiativeStage.InProject => random.Next(0, 3),
            InitiativeStage.HandingOver => random.Next(2, 6),
            _ => 6,
        };
        return Enumerable.Range(1, ticks)
            .Select(n => new ChecklistTick((ReadinessItem)n, by, decided + (updated - decided) * (n / 7.0)))
            .ToArray();
    }

    /// <summary>The seeding clock: the store stamps updated_at with it.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
