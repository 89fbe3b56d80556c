package wepaytest

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The KYC page: /account/get_update_uri answers a link to a page "that a
// user can visit to update information for their account" (reference). The
// fake serves it at /v2/account_update_uri/{account_id}/{key}: a form
// prefilled from prefill_info ("Prefill the Know Your Customer (KYC) form
// with information that you already have about the merchant"), shown whole
// in mode regular and framable, without page chrome, in mode iframe
// ("Choose iframe if you would like to frame the process on your site").
// Submitting it completes KYC (and adds the settlement bank when one is
// still owed and given), which sends the account's IPN, then sends the
// browser to redirect_uri ("The URI to which the user is be redirected to
// after completing the Know Your Customer (KYC) or settlement setup
// information input process"). Each call makes a new link ("Do not store
// the returned URI on your side as it can change"); a link works until the
// form is submitted.

// UpdatePagePath is where the KYC pages live, under the API's /v2: the
// links /account/get_update_uri answers with. They are pages for the
// merchant's browser, not API calls (a recorder leaves them out: they
// carry the merchant's personal and bank details).
const UpdatePagePath = "/v2/account_update_uri/"

const updatePath = UpdatePagePath

// kycPrefill is the KYC Prefill Info Structure (the members the form shows).
type kycPrefill struct {
	Name *struct {
		First  string `json:"first"`
		Middle string `json:"middle"`
		Last   string `json:"last"`
	} `json:"name"`
	Email string `json:"email"`
	Phone *struct {
		CountryCode string `json:"country_code"`
		PhoneNumber string `json:"phone_number"`
	} `json:"phone"`
	Address *struct {
		Address1   string `json:"address1"`
		Address2   string `json:"address2"`
		City       string `json:"city"`
		Region     string `json:"region"`
		PostalCode string `json:"postal_code"`
		Country    string `json:"country"`
	} `json:"address"`
	DateOfBirth *struct {
		Year  int `json:"year"`
		Month int `json:"month"`
		Day   int `json:"day"`
	} `json:"date_of_birth"`
	EntityName string `json:"entity_name"`
}

// updateLink is one link get_update_uri handed out.
type updateLink struct {
	accountID int64
	iframe    bool
	redirect  string
	prefill   kycPrefill
}

// kycField is one input of the form.
type kycField struct {
	Name, Label, Value, Type string
	Required                 bool
}

// formFields lays out the form with the prefilled values.
func (l *updateLink) formFields() []kycField {
	p := l.prefill
	f := func(name, label, value string, required bool) kycField {
		return kycField{Name: name, Label: label, Value: value, Type: "text", Required: required}
	}
	var first, middle, last, cc, phone, a1, a2, city, region, postal, country, dob string
	if p.Name != nil {
		first, middle, last = p.Name.First, p.Name.Middle, p.Name.Last
	}
	if p.Phone != nil {
		cc, phone = p.Phone.CountryCode, p.Phone.PhoneNumber
	}
	if p.Address != nil {
		a1, a2, city, region, postal, country = p.Address.Address1, p.Address.Address2, p.Address.City, p.Address.Region, p.Address.PostalCode, p.Address.Country
	}
	if d := p.DateOfBirth; d != nil && d.Year > 0 {
		dob = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	out := []kycField{
		f("first", "First name", first, true), f("middle", "Middle name", middle, false), f("last", "Last name", last, true),
		{Name: "email", Label: "Email", Value: p.Email, Type: "email", Required: true},
		f("phone_country_code", "Phone country code", cc, false), f("phone_number", "Phone number", phone, false),
		f("address1", "Address", a1, true), f("address2", "Address line 2", a2, false), f("city", "City", city, false),
		f("region", "Region", region, false), f("postal_code", "Postal code", postal, true), f("country", "Country", country, true),
		{Name: "date_of_birth", Label: "Date of birth", Value: dob, Type: "date", Required: true},
		f("entity_name", "Business name", p.EntityName, false),
	}
	return out
}

var kycPage = template.Must(template.New("kyc").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Verify your account</title>
<style>body{font-family:sans-serif;margin:{{if .Iframe}}0.5em{{else}}2em auto;max-width:36em{{end}}}label{display:block;margin-top:.6em}input{width:100%}.error{color:#a00}</style>
</head><body data-mode="{{if .Iframe}}iframe{{else}}regular{{end}}">
{{if not .Iframe}}<header><h1>WePay (wepaykit fake)</h1></header>{{end}}
<h2>Account {{.AccountID}}: tell us about yourself</h2>
{{if .Error}}<p class="error" id="error">{{.Error}}</p>{{end}}
<form method="post" id="kyc" action="{{.Action}}"{{if .Iframe}} target="_top"{{end}}>
{{range .Fields}}<label for="{{.Name}}">{{.Label}}{{if .Required}} *{{end}}</label>
<input id="{{.Name}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}"{{if .Required}} required{{end}}>
{{end}}{{if .NeedsBank}}<fieldset><legend>Settlement bank</legend>
<label for="routing_number">Routing number</label><input id="routing_number" name="routing_number" inputmode="numeric">
<label for="account_number">Account number</label><input id="account_number" name="account_number" inputmode="numeric">
</fieldset>{{end}}
<button type="submit" id="submit">Submit</button>
</form></body></html>
`))

var kycDone = template.Must(template.New("done").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Done</title></head>
<body><p id="done">Thank you. Account {{.}} is updated.</p></body></html>
`))

// newUpdateLink stores a link and returns its key. Callers hold h.mu.
func (h *Handler) newUpdateLink(l *updateLink) string {
	// From the seeded generator, as tokens are: two fakes built alike hand
	// out the same links.
	key := fmt.Sprintf("%016x%016x", h.rng.Uint64(), h.rng.Uint64())
	if h.updateLinks == nil {
		h.updateLinks = map[string]*updateLink{}
	}
	h.updateLinks[key] = l
	return key
}

// serveUpdatePage answers GET (the form) and POST (its submission) of a
// KYC page.
func (h *Handler) serveUpdatePage(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, updatePath)
	idText, key, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(idText, 10, 64)
	h.mu.Lock()
	link := h.updateLinks[key]
	h.mu.Unlock()
	if err != nil || link == nil || link.accountID != id {
		http.Error(w, "This link is not valid or was already used; ask for a new one with /account/get_update_uri.", http.StatusNotFound)
		return
	}
	if link.iframe {
		w.Header().Set("Content-Security-Policy", "frame-ancestors *")
	} else {
		w.Header().Set("X-Frame-Options", "DENY")
	}
	w.Header().Set("Cache-Control", "no-store")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h.renderKYC(w, r, link, http.StatusOK, "", nil)
	case http.MethodPost:
		h.submitKYC(w, r, key, link)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "GET or POST", http.StatusMethodNotAllowed)
	}
}

func (h *Handler) renderKYC(w http.ResponseWriter, r *http.Request, link *updateLink, status int, msg string, sent url.Values) {
	fields := link.formFields()
	for i := range fields {
		if sent != nil {
			fields[i].Value = sent.Get(fields[i].Name)
		}
	}
	h.mu.Lock()
	a := h.accounts[link.accountID]
	needsBank := a != nil && slices.Contains(a.actionReasons, reasonBank)
	h.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = kycPage.Execute(w, map[string]any{"Iframe": link.iframe, "AccountID": link.accountID, "Fields": fields,
		"Action": r.URL.Path, "Error": msg, "NeedsBank": needsBank})
}

func (h *Handler) submitKYC(w http.ResponseWriter, r *http.Request, key string, link *updateLink) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		h.renderKYC(w, r, link, http.StatusBadRequest, "The form could not be read.", nil)
		return
	}
	var missing []string
	for _, f := range link.formFields() {
		if f.Required && strings.TrimSpace(r.PostForm.Get(f.Name)) == "" {
			missing = append(missing, f.Label)
		}
	}
	if len(missing) > 0 {
		h.renderKYC(w, r, link, http.StatusBadRequest, "Please fill in: "+strings.Join(missing, ", ")+".", r.PostForm)
		return
	}
	h.mu.Lock()
	delete(h.updateLinks, key) // a link is good for one submission
	a := h.accounts[link.accountID]
	owesKYC := a != nil && slices.Contains(a.actionReasons, reasonKYC)
	h.mu.Unlock()
	var err error
	if owesKYC {
		_, err = h.completeKYC(link.accountID)
	}
	if err == nil && r.PostForm.Get("routing_number") != "" && r.PostForm.Get("account_number") != "" {
		_, err = h.addBankAccount(link.accountID)
	}
	if err != nil {
		h.mu.Lock()
		h.updateLinks[key] = link // nothing was done: the link still works
		h.mu.Unlock()
		h.renderKYC(w, r, link, http.StatusConflict, toAPIError(err).Description, r.PostForm)
		return
	}
	if link.redirect != "" {
		http.Redirect(w, r, link.redirect, http.StatusSeeOther)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = kycDone.Execute(w, link.accountID)
}
