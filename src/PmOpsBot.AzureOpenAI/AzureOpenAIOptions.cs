namespace PmOpsBot.AzureOpenAI;

/// <summary>
/// The "AzureOpenAI" section. Everything is optional: without an endpoint, a deployment and a way to sign in
/// (<see cref="ApiKey"/> or <see cref="UseManagedIdentity"/>) the bot runs on its rules alone.
/// </summary>
public sealed class AzureOpenAIOptions
{
    public const string Section = "AzureOpenAI";

    /// <summary>The resource's endpoint, e.g. https://my-resource.openai.azure.com/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The chat model's deployment name; it must support structured outputs (JSON schema).</summary>
    public string? Deployment { get; set; }

    /// <summary>The resource key; takes precedence over <see cref="UseManagedIdentity"/>. Keep it in a secret store, not in appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sign in with <c>DefaultAzureCredential</c> (managed identity in Azure, developer sign-in locally) instead of a key.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>A user-assigned managed identity's client id; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long one call may take before the bot gives up on it and carries on without the model.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);

    public AzureOpenAICircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Endpoint, deployment and a way to sign in are all there.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Deployment) &&
        (!string.IsNullOrWhiteSpace(ApiKey) || UseManagedIdentity);
}

/// <summary>
/// The "AzureOpenAI:CircuitBreaker" section: when enough calls in the sampling window fail, the bot stops asking
/// the model for the break duration, so an outage costs nothing but the first few time-outs.
/// </summary>
public sealed class AzureOpenAICircuitBreakerOptions
{
    /// <summary>The share of failed calls (0 to 1) in the window that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the window needs before the ratio counts (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 4;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long calls are skipped once the circuit opens.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
