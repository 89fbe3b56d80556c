package spec

// CountryCurrency is the currency of each country the contract lists: an
// account accepts payment in its own country's currency (reference,
// disabled_reasons country_not_supported: "accepting payment in a currency
// other than that of the country where they are registered"; countries US,
// CA; currencies USD, CAD). ok is false for another country.
func CountryCurrency(country string) (currency string, ok bool) {
	switch country {
	case "US":
		return "USD", true
	case "CA":
		return "CAD", true
	}
	return "", false
}
