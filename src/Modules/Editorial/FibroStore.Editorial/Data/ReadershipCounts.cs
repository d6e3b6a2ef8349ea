namespace FibroStore.Editorial.Data;

/// <summary>How often an article was read on one calendar day of the store's time zone. Nothing about the readers.</summary>
internal sealed class ArticleDailyViews
{
    public Guid ArticleId { get; set; }
    public DateOnly Day { get; set; }
    public long Views { get; set; }
}

/// <summary>Clicks on one product's card inside one article on one day: which articles lead readers to the shop.</summary>
internal sealed class ProductCardClicks
{
    public Guid ArticleId { get; set; }
    public string ProductSlug { get; set; } = "";
    public DateOnly Day { get; set; }
    public long Clicks { get; set; }
}
