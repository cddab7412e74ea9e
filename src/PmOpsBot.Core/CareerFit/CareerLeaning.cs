namespace PmOpsBot.Core.CareerFit;

/// <summary>Which career path something points to: an answer option, or the overall result.</summary>
public enum CareerLeaning
{
    /// <summary>For an option: leans neither way and is scored half to each path. For a result: the fits are within 10 points.</summary>
    Balanced = 0,
    ProjectManagement = 1,
    OperationsManagement = 2,
}
