using Microsoft.Extensions.DependencyInjection;
using PmOpsBot.Bot.Hosting;

namespace PmOpsBot.Tests.Delivery;

/// <summary>
/// The real host replying through a <see cref="FakeConnector"/> on loopback: turns share one connector client and its
/// pooled connections, instead of a new client and a new connection per turn.
/// </summary>
public sealed class ConnectorClientReuseTests : FakeConnectorHostTests
{
    [Fact]
    public async Task Replies_of_many_turns_and_people_go_through_one_client_over_one_connection()
    {
        await using var app = new PmOpsBotFactory(DatabasePath, settings: new Dictionary<string, string> { ["Digest:SchedulerEnabled"] = "false" });
        var http = app.CreateClient();
        string[] texts = ["new initiative", "Office move", "We move 40 people to the new building by June.", "help", "status"];

        foreach (var user in new[] { "user-1", "user-2" })
        {
            var person = new BotClient(http, user: user, conversation: "conv-" + user);
            foreach (var text in texts) Assert.Equal(200, await person.SendThroughConnectorAsync(text, Connector.ServiceUrl));
        }

        Assert.True(Connector.Received.Count >= 2 * texts.Length, $"{Connector.Received.Count} replies");
        Assert.All(Connector.Received, reply => Assert.Equal(200, reply.AnsweredWith));
        Assert.Equal(["conv-user-1", "conv-user-2"], Connector.Received.Select(r => r.ConversationId).Distinct().Order());
        Assert.Equal(1, Connector.Connections);
        Assert.Equal(1, app.Services.GetRequiredService<ReusedConnectorClients>().Built);
    }
}
