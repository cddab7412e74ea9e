namespace PmOpsBot.Core.Handover;

/// <summary>What must be true before operations can take over a project's result (in the spirit of a service transition).</summary>
public enum ReadinessItem
{
    /// <summary>Derived from the operations owner's answer, never ticked by hand.</summary>
    OperationsOwnerAccepted,
    RunbookWritten,
    KpisAndMonitoring,
    SupportAndEscalation,
    TrainingAndAdoption,
    AcceptanceSignOff,
    EarlyLifeSupport,
}
