using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Documents.Pages;

public sealed class IndexModel : PageModel
{
    private readonly DocumentStore _store;

    public IndexModel(DocumentStore store) => _store = store;

    public IReadOnlyList<DocumentInfo> Documents { get; private set; } = Array.Empty<DocumentInfo>();

    public string? Notice { get; private set; }

    public void OnGet()
    {
        Documents = _store.List(); // trap: directory listing has no async counterpart
        Notice = _store.ReadNotice();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile upload, CancellationToken ct)
    {
        if (upload.Length == 0)
        {
            ModelState.AddModelError(nameof(upload), "The file is empty.");
            return Page();
        }

        await _store.SaveAsync(upload, ct);
        return RedirectToPage();
    }

    public string Terms => _store.UploadTerms();

    public IActionResult OnPostQuick(IFormFile upload)
    {
        if (_store.Sniff(upload) != "application/pdf")
        {
            return BadRequest(Terms);
        }

        _store.Save(upload);
        return RedirectToPage();
    }

    public IActionResult OnPostDelete(string name)
    {
        _store.Delete(name);
        return RedirectToPage();
    }
}

public sealed class DetailsModel : PageModel
{
    private readonly DocumentStore _store;

    public DetailsModel(DocumentStore store) => _store = store;

    public string Name { get; private set; } = "";

    public string Checksum { get; private set; } = "";

    public string Preview { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string name)
    {
        if (!_store.Exists(name))
        {
            return NotFound();
        }

        Name = name;
        Checksum = _store.Checksum(name);
        Preview = await _store.PreviewAsync(name, 2048);
        return Page();
    }
}
