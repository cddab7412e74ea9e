using PmOpsBot.Core.Initiatives;

namespace PmOpsBot.Core.Tests.Ownership;

public sealed class NameMatcherTests
{
    private static InitiativeName Named(string name) => new(Guid.NewGuid(), name);

    private static readonly InitiativeName[] Registry = [Named("CRM rollout"), Named("CRM data cleanup"), Named("Payroll"), Named("Warehouse robots"), Named("Leeds office move")];

    [Theory]
    [InlineData("CRM rollout", "CRM rollout")]
    [InlineData("crm ROLLOUT", "CRM rollout")]
    [InlineData("the crm rollout", "CRM rollout")]
    [InlineData("crm rolout", "CRM rollout")]
    [InlineData("payrol", "Payroll")]
    [InlineData("robots", "Warehouse robots")]
    [InlineData("leeds move", "Leeds office move")]
    public void Finds_one_initiative_forgivingly(string typed, string expected) =>
        Assert.Equal(expected, Assert.Single(InitiativeNameMatcher.Best(typed, Registry)).Name);

    [Fact]
    public void A_partial_name_shared_by_several_asks_which()
    {
        var matches = InitiativeNameMatcher.Best("crm", Registry);

        Assert.Equal(["CRM data cleanup", "CRM rollout"], matches.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("moon base")]
    [InlineData("xyz")]
    [InlineData("")]
    public void Unrelated_names_match_nothing(string typed) => Assert.Empty(InitiativeNameMatcher.Best(typed, Registry));

    [Fact]
    public void Name_words_drop_case_punctuation_and_filler()
    {
        Assert.Equal(["crm", "rollout", "2027"], NameWords.Of("The CRM-rollout (2027)!"));
        Assert.Equal(["crm", "rol"], NameWords.PrefixesOf("crm rollout"));
    }
}
