using System.Reflection;
using FibroStore.SharedKernel.Results;
using Mediator;

namespace FibroStore.ArchitectureTests;

/// <summary>
/// Every command that answers something answers an <see cref="Outcome"/> or <see cref="Outcome{T}"/>, so a refusal has
/// one shape and one mapping to a status (RefusalStatus). Commands that answer nothing (Mediator's <see cref="Unit"/>)
/// cannot say no; the few that answer a plain fact are named with the reason.
/// </summary>
public sealed class UseCaseAnswerTests
{
    /// <summary>Commands whose answer is a fact that cannot be refused, by type name and why.</summary>
    private static readonly Dictionary<string, string> PlainFacts = new()
    {
        ["FibroStore.Editorial.Pages.Staff.Replies.ReplyQueue+Moderate"] = "how many of the chosen replies were moderated; none left is not a refusal",
        ["FibroStore.Ordering.Pages.Staff.Orders.ExportOrders+Start"] = "the file name of an export it has recorded; filters were checked by the page",
    };

    [Fact]
    public void Every_command_answers_an_outcome()
    {
        var commands = ModuleBoundaryTests.Modules
            .SelectMany(m => ModuleAssembly(m).GetTypes())
            .Select(t => (Type: t, Answer: t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>))
                .Select(i => i.GetGenericArguments()[0]).SingleOrDefault()))
            .Where(c => c.Answer is not null && c.Answer != typeof(Unit))
            .ToList();

        Assert.NotEmpty(commands);
        var others = commands
            .Where(c => c.Answer != typeof(Outcome) && !(c.Answer!.IsGenericType && c.Answer.GetGenericTypeDefinition() == typeof(Outcome<>)))
            .Select(c => c.Type.FullName!)
            .ToList();
        Assert.Equal(PlainFacts.Keys.Order(), others.Where(PlainFacts.ContainsKey).Order());
        var unnamed = others.Where(name => !PlainFacts.ContainsKey(name)).ToList();
        Assert.True(unnamed.Count == 0, $"Commands that answer something other than an Outcome: {string.Join(", ", unnamed)}");
    }

    private static Assembly ModuleAssembly(string module) => Assembly.Load($"FibroStore.{module}");
}
