using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace FibroStore.Web.Infrastructure;

/// <summary>
/// A yes/no value posted as anything but true or false ("maybe", "1e9") is a binding error like any other, so the
/// form is shown again with its messages and answered 400. What was posted is not kept for showing again: a
/// checkbox can only be ticked or not, and the framework's checkbox throws when asked to show "maybe", which
/// turned every such post into a 500.
/// </summary>
internal sealed class YesNoModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool)
            ? new YesNoModelBinder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class YesNoModelBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            var key = bindingContext.ModelName;
            if (!bindingContext.Result.IsModelSet && bindingContext.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
                bindingContext.ModelState.SetModelValue(key, rawValue: null, attemptedValue: entry.AttemptedValue);
        }
    }
}
