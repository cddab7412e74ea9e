namespace PmOpsBot.Tests;

/// <summary>Tests of the real host whose replies go to a <see cref="FakeConnector"/> on loopback: a database file and the connector, both dropped after.</summary>
public abstract class FakeConnectorHostTests : IAsyncLifetime
{
    protected string DatabasePath { get; } = PmOpsBotFactory.NewDatabasePath();

    protected FakeConnector Connector { get; private set; } = null!;

    public async Task InitializeAsync() => Connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync()
    {
        await Connector.DisposeAsync();
        PmOpsBotFactory.DeleteDatabase(DatabasePath);
    }
}
