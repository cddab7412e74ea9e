namespace PmOpsBot.Core.Classification;

/// <summary>The twelve ways a project differs from operations; the interview asks one question per dimension.</summary>
public enum Dimension
{
    Nature,
    Objective,
    Timeframe,
    Focus,
    Scope,
    SuccessMeasure,
    WorkStyle,
    Risk,
    Team,
    Rhythm,
    Decisions,
    EndResult,
}

/// <summary>Which way a piece of evidence points.</summary>
public enum Leaning
{
    /// <summary>Evidence for both or neither; recorded so the card can show it, never scored.</summary>
    Neutral = 0,
    Project = 1,
    Operations = 2,
}

/// <summary>Where a piece of evidence came from: decides how much it is trusted.</summary>
public enum SignalSource
{
    /// <summary>Picked from a button or a recognised typed answer.</summary>
    Answer,
    /// <summary>Inferred from the free-text description and confirmed by the person.</summary>
    ConfirmedInference,
    /// <summary>Inferred from free text and not (yet) confirmed.</summary>
    Text,
}
