package fake

import (
	"strconv"
	"strings"
)

// kind says what a scalar field holds, so its value can look real. It is
// chosen once per field when the contract is planned, from the structure
// and member names.
type kind uint8

const (
	kNone kind = iota
	kEnum
	kExample
	kBool
	kInt
	kID
	kTime
	kYear
	kMonth
	kDay
	kSlot
	kAmount
	kWord
	kDigits
	kAccountName
	kThemeName
	kCompany
	kSentence
	kShortSentence
	kFeeDescription
	kRefID
	kURL
	kCallbackURL
	kRedirectURL
	kImageURL
	kUpdateURL
	kEmail
	kCountryCode
	kPhoneNumber
	kHexColor
	kMCC
	kDomain
	kStreet
	kAddress2
	kCity
	kRegion
	kPostalCode
	kCountry
	kCurrency
	kFirstName
	kMiddleName
	kLastName
)

// kindFor picks the kind of a field named name in component comp.
func kindFor(comp, name string, n *node) kind {
	switch {
	case len(n.enum) > 0:
		return kEnum
	case n.types&tBoolean != 0 && n.types&^tBoolean == 0:
		return kBool
	case n.types&tInteger != 0 && n.types&^tInteger == 0:
		return intKind(name)
	case n.types&tNumber != 0 && n.types&^(tNumber|tInteger) == 0:
		return kAmount
	case n.types&tString == 0 || n.types&^tString != 0:
		return kNone
	case len(n.examples) > 0:
		return kExample
	}
	if comp == "HexColor" {
		return kHexColor
	}
	switch name {
	case "name":
		switch comp {
		case "ThemeRequest", "ThemeResponse":
			return kThemeName
		}
		return kAccountName
	case "account_id":
		return kDigits
	case "description":
		switch {
		case comp == "FeeScheduleEntry":
			return kFeeDescription
		case n.maxLen >= 0 && n.maxLen < 1000:
			return kShortSentence
		}
		return kSentence
	case "note", "reason", "error_description", "message":
		return kSentence
	case "reference_id":
		return kRefID
	case "callback_uri":
		return kCallbackURL
	case "redirect_uri":
		return kRedirectURL
	case "image_uri":
		return kImageURL
	case "uri":
		return kUpdateURL
	case "url", "documentation_url":
		return kURL
	case "email":
		return kEmail
	case "country_code":
		return kCountryCode
	case "phone_number":
		return kPhoneNumber
	case "mcc":
		return kMCC
	case "gaq_domains":
		return kDomain
	case "address1":
		return kStreet
	case "address2":
		return kAddress2
	case "city":
		return kCity
	case "region":
		return kRegion
	case "postal_code", "zip":
		return kPostalCode
	case "country":
		return kCountry
	case "currency":
		return kCurrency
	case "first":
		return kFirstName
	case "middle":
		return kMiddleName
	case "last":
		return kLastName
	case "entity_name", "business_name":
		return kCompany
	}
	if strings.HasSuffix(name, "_uri") || strings.HasSuffix(name, "_url") {
		return kURL
	}
	return kWord
}

func intKind(name string) kind {
	switch {
	case name == "year":
		return kYear
	case name == "month":
		return kMonth
	case name == "day":
		return kDay
	case name == "slot" || name == "fee_schedule_slot":
		return kSlot
	case name == "time" || strings.HasSuffix(name, "_time"):
		return kTime
	case strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids"):
		return kID
	}
	return kInt
}

func itoa(i int) string { return strconv.Itoa(i) }
