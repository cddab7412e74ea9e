using static PmOpsBot.Tests.BotClient;

namespace PmOpsBot.Tests;

/// <summary>Ownership questions end to end over HTTP on SQLite, including a probe from another tenant.</summary>
public sealed class OwnershipOverHttpTests : IDisposable
{
    private readonly string _database = PmOpsBotFactory.NewDatabasePath();

    public void Dispose() => PmOpsBotFactory.DeleteDatabase(_database);

    [Fact]
    public async Task A_decided_project_can_be_asked_about_and_is_invisible_to_another_tenant()
    {
        await using var app = new PmOpsBotFactory(_database);
        var owner = new BotClient(app.CreateClient());
        await owner.SendAsync("new initiative");
        await owner.SendAsync("Office move");
        await owner.SendAsync("Relocate the Leeds office to the new building by June");
        var replies = await owner.SendAsync("yes");
        for (var i = 0; i < 12 && TextOf(replies).Contains("Question", StringComparison.Ordinal); i++) replies = await owner.SendAsync("a");

        await owner.SendAsync("office move goes live on 1 June 2027");
        var answer = TextOf(await owner.SendAsync("who owns the office move after launch?"));
        var stranger = TextOf(await new BotClient(app.CreateClient(), user: "eve", conversation: "conv-eve", tenant: "tenant-2").SendAsync("who owns the office move after launch?"));

        Assert.Contains("Nobody is named to run “Office move” after launch yet", answer, StringComparison.Ordinal);
        Assert.Contains("handover 1 June 2027", answer, StringComparison.Ordinal);
        Assert.Contains("I don't know an initiative called “office move”", stranger, StringComparison.Ordinal);
    }
}
