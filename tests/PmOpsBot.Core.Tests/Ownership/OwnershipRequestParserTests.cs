using PmOpsBot.Core.Initiatives;
using PmOpsBot.Core.Ownership;

namespace PmOpsBot.Core.Tests.Ownership;

public sealed class OwnershipRequestParserTests
{
    private static readonly DateOnly Today = new(2026, 11, 27); // a Friday

    private static OwnershipRequest? Parse(string text, params UserRef[] mentions) => OwnershipRequestParser.Parse(text, mentions, Today);

    [Theory]
    [InlineData("who owns the CRM rollout after launch?", "CRM rollout", OwnerRole.Operations)]
    [InlineData("Who owns CRM rollout", "CRM rollout", null)]
    [InlineData("who runs payroll?", "payroll", OwnerRole.Operations)]
    [InlineData("who's running “Warehouse robots” once it's live", "Warehouse robots", OwnerRole.Operations)]
    [InlineData("who is the project owner of X", "X", OwnerRole.Project)]
    [InlineData("who's the ops owner for the Leeds move?", "Leeds move", OwnerRole.Operations)]
    [InlineData("who leads the website relaunch", "website relaunch", OwnerRole.Project)]
    public void Who_questions(string text, string name, OwnerRole? role) =>
        Assert.Equal(new OwnershipRequest.WhoOwns(name, role), Parse(text));

    [Theory]
    [InlineData("what handovers are due this month?", 2026, 11, 27, 2026, 11, 30)]
    [InlineData("handovers due next month", 2026, 12, 1, 2026, 12, 31)]
    [InlineData("which handovers are due this week", 2026, 11, 27, 2026, 11, 29)]
    [InlineData("what's due in the next 14 days", 2026, 11, 27, 2026, 12, 11)]
    [InlineData("handovers due", 2026, 11, 27, 2026, 12, 27)]
    public void Due_periods(string text, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        var due = Assert.IsType<OwnershipRequest.HandoversDue>(Parse(text));

        Assert.Equal(new DateOnly(y1, m1, d1), due.From);
        Assert.Equal(new DateOnly(y2, m2, d2), due.To);
    }

    [Fact]
    public void Next_week_runs_monday_to_sunday() =>
        Assert.Equal(new DateOnly(2026, 11, 30), Assert.IsType<OwnershipRequest.HandoversDue>(Parse("handovers due next week")).From);

    [Theory]
    [InlineData("list my initiatives")]
    [InlineData("my projects")]
    public void Mine(string text) => Assert.IsType<OwnershipRequest.MyInitiatives>(Parse(text));

    [Theory]
    [InlineData("initiatives without an ops owner")]
    [InlineData("which projects have no operations owner?")]
    public void Without_owner(string text) => Assert.IsType<OwnershipRequest.WithoutOperationsOwner>(Parse(text));

    [Fact]
    public void Assigning_by_mention_uses_the_mentioned_person()
    {
        var jane = new UserRef("aad-jane", "Jane Doe");

        var request = Assert.IsType<OwnershipRequest.AssignOwner>(Parse("ops owner of CRM rollout is @Jane Doe", jane));

        Assert.Equal(("CRM rollout", OwnerRole.Operations, jane, (string?)null), (request.Name, request.Role, request.Person, request.TypedPerson));
    }

    [Fact]
    public void Assigning_by_typed_name_keeps_the_name()
    {
        var request = Assert.IsType<OwnershipRequest.AssignOwner>(Parse("assign Priya Shah as project owner of Payroll"));

        Assert.Equal(("Payroll", OwnerRole.Project, (UserRef?)null, "Priya Shah"), (request.Name, request.Role, request.Person, request.TypedPerson));
    }

    [Theory]
    [InlineData("set the launch date of CRM rollout to 2027-03-01", 2027, 3, 1)]
    [InlineData("handover date for CRM rollout is 1 March 2027", 2027, 3, 1)]
    [InlineData("CRM rollout goes live on March 1st", 2027, 3, 1)]
    [InlineData("CRM rollout launches on 5 December", 2026, 12, 5)]
    public void Dates(string text, int y, int m, int d)
    {
        var request = Assert.IsType<OwnershipRequest.SetHandoverDate>(Parse(text));

        Assert.Equal("CRM rollout", request.Name);
        Assert.Equal(new DateOnly(y, m, d), request.Date);
    }

    [Fact]
    public void An_unreadable_date_is_kept_raw_for_the_reply()
    {
        var request = Assert.IsType<OwnershipRequest.SetHandoverDate>(Parse("set the handover date of X to someday"));

        Assert.Null(request.Date);
        Assert.Equal("someday", request.RawDate);
    }

    [Theory]
    [InlineData("move CRM rollout to handing over", InitiativeStage.HandingOver)]
    [InlineData("CRM rollout is now in operations", InitiativeStage.InOperations)]
    [InlineData("retire CRM rollout", InitiativeStage.Retired)]
    public void Stage_moves(string text, InitiativeStage stage) =>
        Assert.Equal(new OwnershipRequest.MoveStage("CRM rollout", stage), Parse(text));

    [Theory]
    [InlineData("we go live in March and then the ops team runs it")]
    [InlineData("Answer customer emails every day")]
    [InlineData("help")]
    public void Ordinary_messages_are_not_ownership_requests(string text) => Assert.Null(Parse(text));
}
