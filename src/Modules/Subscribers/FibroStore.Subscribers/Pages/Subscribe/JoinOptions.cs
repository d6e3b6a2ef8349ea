namespace FibroStore.Subscribers.Pages.Subscribe;

/// <summary>Rate limits of the subscribe forms (section <c>Subscribers:Joining</c>), counted across instances.</summary>
internal sealed class JoinOptions
{
    public const string Section = "Subscribers:Joining";

    public int PerClientLimit { get; set; } = 10;
    /// <summary>Confirmation emails one address can be sent per window, so the form cannot be used to flood someone.</summary>
    public int PerEmailLimit { get; set; } = 3;
    public int WindowMinutes { get; set; } = 60;
}
