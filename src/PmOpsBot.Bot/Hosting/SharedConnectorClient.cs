using Microsoft.Bot.Connector;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace PmOpsBot.Bot.Hosting;

/// <summary>
/// A turn's view of a connector client shared across turns (<see cref="ReusedConnectorClients"/>): everything goes to the
/// shared client, except that disposing the view, as CloudAdapter does at the end of every turn, leaves the client alone.
/// </summary>
public sealed class SharedConnectorClient(IConnectorClient shared) : IConnectorClient
{
    /// <summary>The shared client (for tests).</summary>
    public IConnectorClient Shared => shared;

    public Uri BaseUri
    {
        get => shared.BaseUri;
        // Other turns use the same client: pointing it elsewhere would send their messages there too.
        set => throw new NotSupportedException("A shared connector client keeps its service URL.");
    }

    public JsonSerializerSettings SerializationSettings => shared.SerializationSettings;

    public JsonSerializerSettings DeserializationSettings => shared.DeserializationSettings;

    public ServiceClientCredentials Credentials => shared.Credentials;

    public IAttachments Attachments => shared.Attachments;

    public IConversations Conversations => shared.Conversations;

    public void Dispose()
    {
    }
}
