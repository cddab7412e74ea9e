using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Rest;

namespace PmOpsBot.Bot.Tests.Delivery;

/// <summary>
/// A channel whose sends answer from a script, one entry per send attempt: null is a success, an exception is thrown.
/// Every attempt is recorded with the text it carried and the conversation it went to.
/// </summary>
public sealed class ScriptedChannelAdapter : BotAdapter
{
    private readonly Queue<Exception?> _script = new();

    public List<(string? Text, string? Conversation, bool Delivered)> Attempts { get; } = [];

    public IEnumerable<string?> Delivered => Attempts.Where(a => a.Delivered).Select(a => a.Text);

    /// <summary>What every send does once the script is used up.</summary>
    public Func<Exception?> Default { get; set; } = () => null;

    public ScriptedChannelAdapter Script(params Exception?[] outcomes)
    {
        foreach (var outcome in outcomes) _script.Enqueue(outcome);
        return this;
    }

    public static ErrorResponseException Status(HttpStatusCode status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is not null) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return new ErrorResponseException($"Operation returned an invalid status code '{status}'")
        {
            Response = new HttpResponseMessageWrapper(response, "{}"),
        };
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities)
        {
            var outcome = _script.TryDequeue(out var scripted) ? scripted : Default();
            Attempts.Add((activity.Text, activity.Conversation?.Id, outcome is null));
            if (outcome is not null) throw outcome;
            responses.Add(new ResourceResponse(Guid.NewGuid().ToString("N")));
        }

        return Task.FromResult(responses.ToArray());
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
