using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FibroStore.BackOffice.Data.Configurations;

internal sealed class SitePageConfiguration : IEntityTypeConfiguration<SitePage>
{
    public void Configure(EntityTypeBuilder<SitePage> b)
    {
        b.ToTable("site_pages");
        b.HasKey(p => p.Slug);
        b.Property(p => p.Slug).HasMaxLength(40);
        b.Property(p => p.Title).HasMaxLength(120);
        b.Property(p => p.Markdown).HasMaxLength(100_000);
    }
}
