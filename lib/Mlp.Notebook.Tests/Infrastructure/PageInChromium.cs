using PuppeteerSharp;

namespace Mlp.Notebook.Tests.Infrastructure;

/// <summary>
/// An HTML page written to a temporary file, and one headless Chromium to open it in, for a class's tests to share. Where no
/// browser is found there is none, and the tests that need one are skipped (<see cref="BrowserFactAttribute"/>).
/// </summary>
internal sealed class PageInChromium : IAsyncDisposable
{
    readonly string _file;
    readonly IBrowser? _browser;

    PageInChromium(string file, IBrowser? browser) => (_file, _browser) = (file, browser);

    /// <summary>Writes <paramref name="html"/> to a temporary file named after <paramref name="name"/> and starts the browser.</summary>
    public static async Task<PageInChromium> StartAsync(string html, string name)
    {
        string file = Path.Combine(Path.GetTempPath(), $"mlp-{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(file, html);
        return new PageInChromium(file, BrowserFactAttribute.Available ? await Chromium.LaunchAsync() : null);
    }

    /// <summary>A fresh tab of <paramref name="width"/>×<paramref name="height"/> with the page loaded.</summary>
    public async Task<IPage> OpenAsync(int width, int height)
    {
        var page = await _browser!.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        await page.GoToAsync(new Uri(_file).AbsoluteUri, new NavigationOptions { Timeout = 120_000, WaitUntil = [WaitUntilNavigation.Load] });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        File.Delete(_file);
    }
}
