namespace PmOpsBot.Core.Interview;

public enum InterviewStep
{
    Name,
    Description,
    ConfirmInferred,
    Question,
}
