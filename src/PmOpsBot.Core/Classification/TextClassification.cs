namespace PmOpsBot.Core.Classification;

/// <summary>The text-only path (no interview): what the <c>classify</c> verb prints.</summary>
public sealed class TextClassification(TextSignalExtractor extractor, InitiativeClassifier classifier)
{
    public ClassificationResult Classify(string text) => classifier.Classify(extractor.Extract(text));
}
