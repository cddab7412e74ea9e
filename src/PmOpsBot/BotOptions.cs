using System.ComponentModel.DataAnnotations;

namespace PmOpsBot;

/// <summary>Limits of the HTTP edge.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Largest activity accepted on /api/messages; Bot Framework activities are a few KB.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}
