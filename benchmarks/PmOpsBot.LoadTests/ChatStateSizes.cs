using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PmOpsBot.LoadTests;

/// <summary>The stored state of one conversation at one point: the <c>bot_state.json</c> column, and the whole row (key, ETag, timestamp too), in bytes.</summary>
public sealed record StateSize(string Stage, int JsonBytes, int RowBytes, int TypeNameBytes);

/// <summary>Stored state over many conversations: bytes of the json column.</summary>
public sealed record StateSizeSummary(int Rows, double AverageBytes, int MedianBytes, int MaxBytes);

/// <summary>
/// How big a conversation's stored state (<c>ChatState</c> in <c>bot_state</c>, written by SqlBotStorage with
/// TypeNameHandling.All) is at each stage of an interview, read from the SQLite file the bot writes.
/// </summary>
public static partial class ChatStateSizes
{
    /// <summary>The longest message the bot reads (PmOpsBotHandler.MaxTextLength).</summary>
    private const int MaxTextLength = 4000;

    /// <summary>What the interview keeps of a name and of a description (InterviewEngine.MaxNameLength, MaxDescriptionLength).</summary>
    private const int MaxNameLength = 80;
    private const int MaxDescriptionLength = 1000;

    /// <summary>One conversation from "new initiative" through three whole interviews, then one with the longest name and description the bot keeps.</summary>
    public static async Task<IReadOnlyList<StateSize>> ByStageAsync(HttpClient http, string connectionString, string runId)
    {
        var sizes = new List<StateSize>();
        var conversation = new Conversation(http, connectionString, $"state-conv-{runId}", $"state-user-{runId}");
        for (var interview = 1; interview <= 3; interview++)
        {
            var name = $"State size initiative {runId} {interview}";
            var label = interview == 1 ? "" : $"interview {interview}: ";
            sizes.Add(await conversation.SayAsync("new initiative", $"{label}asked for the name"));
            if (interview == 1) sizes.Add(await conversation.SayAsync(name, "name given, asked for a description"));
            else await conversation.SayAsync(name);
            if (interview == 1) sizes.Add(await conversation.SayAsync(TurnsLoadTest.Description, "description read, inferences to confirm"));
            else await conversation.SayAsync(TurnsLoadTest.Description);
            var (reply, afterYes) = await conversation.SayWithReplyAsync("yes", "inferences confirmed, first question");
            if (interview == 1) sizes.Add(afterYes);
            for (var question = 1; reply.Contains("Question ", StringComparison.Ordinal) && question <= 20; question++)
            {
                (reply, var size) = await conversation.SayWithReplyAsync("a", $"{label}question {question} answered");
                if (interview == 1 || !reply.Contains("Question ", StringComparison.Ordinal)) sizes.Add(size);
            }

            if (!reply.Contains(name, StringComparison.Ordinal)) throw new InvalidOperationException($"The state-size interview {interview} did not reach its decision: {reply[..Math.Min(300, reply.Length)]}");
            sizes[^1] = sizes[^1] with { Stage = $"{label}decided (the decision card sent)" };
        }

        // The largest state the bot lets one interview grow to: the longest name it accepts, and a description longer than it keeps.
        var longConversation = new Conversation(http, connectionString, $"state-conv-long-{runId}", $"state-user-long-{runId}");
        var longest = $"longest name ({MaxNameLength}) and description ({MaxDescriptionLength:N0} kept of {MaxTextLength:N0} sent)";
        await longConversation.SayAsync("new initiative");
        await longConversation.SayAsync(LongName(runId));
        sizes.Add(await longConversation.SayAsync(LongDescription(), $"{longest}: description read"));
        var (longReply, longSize) = await longConversation.SayWithReplyAsync("yes", $"{longest}: inferences confirmed");
        sizes.Add(longSize);
        for (var question = 1; longReply.Contains("Question ", StringComparison.Ordinal) && question <= 20; question++)
        {
            (longReply, longSize) = await longConversation.SayWithReplyAsync("a", $"{longest}: question {question} answered");
            sizes.Add(longSize);
        }

        if (!longReply.Contains(LongName(runId), StringComparison.Ordinal)) throw new InvalidOperationException($"The longest state-size interview did not reach its decision: {longReply[..Math.Min(300, longReply.Length)]}");
        sizes[^1] = sizes[^1] with { Stage = $"{longest}: decided" };
        return sizes;
    }

    /// <summary>Every conversation's state row (private-chat references left out).</summary>
    public static async Task<StateSizeSummary> AllConversationsAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(CAST(json AS BLOB)) FROM bot_state WHERE key LIKE 'msteams/%' ORDER BY 1";
        var sizes = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sizes.Add(reader.GetInt32(0));
        return sizes.Count == 0
            ? new StateSizeSummary(0, 0, 0, 0)
            : new StateSizeSummary(sizes.Count, sizes.Average(), sizes[(sizes.Count - 1) / 2], sizes[^1]);
    }

    private static string LongName(string runId) => $"State size {runId} ".PadRight(MaxNameLength, 'x');

    private static string LongDescription()
    {
        var text = new StringBuilder();
        for (var i = 1; text.Length < MaxTextLength; i++)
            text.Append($"Phase {i}: relocate the Leeds office team {i} to floor {i % 7} of the new building by June, with movers, IT and facilities. ");
        return text.ToString(0, MaxTextLength);
    }

    [GeneratedRegex("\"\\$type\":\"[^\"]*\",?")]
    private static partial Regex TypeName();

    private sealed class Conversation(HttpClient http, string connectionString, string conversationId, string userId)
    {
        public async Task<StateSize> SayAsync(string text, string stage = "") => (await SayWithReplyAsync(text, stage)).Size;

        public async Task<(string Reply, StateSize Size)> SayWithReplyAsync(string text, string stage)
        {
            using var content = TeamsMessage.Content(conversationId, userId, text);
            using var response = await http.PostAsync("/api/messages", content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !TeamsMessage.HasReplies(body))
                throw new InvalidOperationException($"The bot answered \"{text}\" with {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
            return (body, await ReadAsync(stage));
        }

        private async Task<StateSize> ReadAsync(string stage)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT json, length(CAST(key AS BLOB)) + length(CAST(etag AS BLOB)) + length(CAST(updated_at AS BLOB)) FROM bot_state WHERE key = $key";
            command.Parameters.AddWithValue("$key", TeamsMessage.StateKey(conversationId, userId));
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException($"No state row for {conversationId}.");
            var json = reader.GetString(0);
            var jsonBytes = Encoding.UTF8.GetByteCount(json);
            var typeNameBytes = TypeName().Matches(json).Sum(m => Encoding.UTF8.GetByteCount(m.Value));
            return new StateSize(stage, jsonBytes, jsonBytes + reader.GetInt32(1), typeNameBytes);
        }
    }
}
