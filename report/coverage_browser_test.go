package report_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/wepaykit/wepaykit/report"
)

// chromium finds a Chromium or Chrome to run headless: $CHROMIUM, then the
// usual names on $PATH.
func chromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH (set CHROMIUM to its path)")
}

// TestCoverageHTMLInBrowser opens the coverage page in headless Chromium, as
// a person would open the file (file://, no network), and checks that it
// renders the summary figures and the state diagram without script errors.
// It saves a screenshot (in the test's temporary directory, or in
// $WEPAYKIT_SCREENSHOT_DIR when set). Where no browser can be started, it
// says why and skips.
func TestCoverageHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	exe, err := chromium()
	if err != nil {
		t.Skipf("cannot run the browser test: %v", err)
	}
	r, fs := sampleCoverage(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "coverage.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteCoverage(f, report.CoverageHTML, r, report.CoverageOptions{Findings: fs}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1400, 1000),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	// Listen starts the browser: an error here is a browser that cannot run
	// on this machine, not a defect of the page.
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				problems = append(problems, fmt.Sprintf("console.%s", e.Type))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				problems = append(problems, "log: "+e.Entry.Text)
			}
		}
	}); err != nil {
		t.Skipf("cannot start headless Chromium (%s): %v", exe, err)
	}

	step, cancelStep := context.WithTimeout(ctx, 60*time.Second)
	defer cancelStep()
	if err := chromedp.Do(step, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS("#summary"))); err != nil {
		t.Fatalf("opening the page: %v", err)
	}
	type dimShown struct{ Fig, Pct string }
	shown, err := chromedp.Run(step, chromedp.Evaluate[map[string]dimShown](`Object.fromEntries([...document.querySelectorAll('#summary .dim')].map(d =>
		[d.dataset.dim, {Fig: d.querySelector('.fig').innerText, Pct: d.querySelector('.pct').innerText}]))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range r.Dimensions() {
		want := dimShown{Fig: fmt.Sprintf("%d/%d", d.Covered, d.Total), Pct: fmt.Sprintf("%.1f%%", d.Percent())}
		if shown[d.Name] != want {
			t.Errorf("summary of %s shows %+v, want %+v", d.Name, shown[d.Name], want)
		}
	}
	type diagram struct {
		Width, Height          float64
		States, Seen, Edges    int
		SeenEdges, TextVisible int
	}
	dg, err := chromedp.Run(step, chromedp.Evaluate[diagram](`(() => {
		const svg = document.querySelector('#state-diagram');
		const box = svg.getBoundingClientRect();
		const texts = [...svg.querySelectorAll('.state text')].filter(t => t.getBBox().width > 0);
		return {Width: box.width, Height: box.height,
			States: svg.querySelectorAll('.state').length, Seen: svg.querySelectorAll('.state.seen').length,
			Edges: svg.querySelectorAll('path.edge').length, SeenEdges: svg.querySelectorAll('path.edge.seen').length,
			TextVisible: texts.length};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	wantSeen := 0
	for _, n := range r.Detail.States {
		if n > 0 {
			wantSeen++
		}
	}
	if dg.Width < 300 || dg.Height < 200 || dg.States != r.States.Total || dg.TextVisible != r.States.Total ||
		dg.Seen != wantSeen || dg.SeenEdges != r.Transitions.Covered || dg.Edges < r.Transitions.Total {
		t.Errorf("the diagram renders as %+v; want %d states (%d seen), %d transitions (%d observed)",
			dg, r.States.Total, wantSeen, r.Transitions.Total, r.Transitions.Covered)
	}
	rows, err := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll('section.op tr.miss').length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != r.Fields.Total-r.Fields.Covered {
		t.Errorf("%d missing field rows shown, want %d", rows, r.Fields.Total-r.Fields.Covered)
	}
	png, err := chromedp.Run(step, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "coverage.png")
	if d := os.Getenv("WEPAYKIT_SCREENSHOT_DIR"); d != "" {
		shot = filepath.Join(d, "coverage.png")
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(problems, "\n"))
	}
}
