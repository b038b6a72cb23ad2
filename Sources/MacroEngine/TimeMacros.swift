import Foundation
import JSCompat

/// Date formatting with moment.js format tokens, English locale (what SillyTavern's time macros use).
public enum MomentFormat {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// The English locale's long date formats.
    static let longFormats: [(String, String)] = [
        ("LTS", "h:mm:ss A"), ("LT", "h:mm A"), ("LLLL", "dddd, MMMM D, YYYY h:mm A"), ("LLL", "MMMM D, YYYY h:mm A"),
        ("LL", "MMMM D, YYYY"), ("L", "MM/DD/YYYY"), ("llll", "ddd, MMM D, YYYY h:mm A"), ("lll", "MMM D, YYYY h:mm A"),
        ("ll", "MMM D, YYYY"), ("l", "M/D/YYYY"),
    ]

    /// moment's token pattern, alternatives in its order (the first that matches wins, as in its regex).
    static func token(in scalars: [Unicode.Scalar], at index: Int) -> Int {
        func count(_ scalar: Unicode.Scalar, max: Int) -> Int {
            var length = 0
            while length < max, index + length < scalars.count, scalars[index + length] == scalar { length += 1 }
            return length
        }
        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        let first = scalars[index]
        switch first {
        case "H", "h":
            if at(1) == "m", at(2) == "m" { return at(3) == "s" && at(4) == "s" ? 5 : 3 }
            return count(first, max: 2)
        case "M": return at(1) == "o" ? 2 : count("M", max: 4)
        case "D":
            if at(1) == "o" { return 2 }
            if at(1) == "D", at(2) == "D", at(3) == "o" { return 4 }
            return count("D", max: 4)
        case "d":
            let run = count("d", max: 4)
            if run >= 2 { return run }
            return at(1) == "o" ? 2 : 1
        case "w", "W":
            if let next = at(1), next == "o" || next == "|" || next == first { return 2 }
            return 1
        case "Q": return at(1) == "o" ? 2 : 1
        case "N": return count("N", max: 5)
        case "Y":
            let run = count("Y", max: 6)
            if run >= 4 { return run }
            return run >= 2 ? 2 : 1
        case "y":
            let run = count("y", max: 4)
            if run >= 2 { return run }
            return at(1) == "o" ? 2 : 1
        case "g", "G":
            let run = count(first, max: 5)
            if run >= 4 { return run }
            return run >= 2 ? 2 : 1
        case "k", "m", "s", "z", "Z": return count(first, max: 2)
        case "S": return count("S", max: 9)
        default: return 1
        }
    }

    /// `moment(date).format(format)` in `timeZone`.
    public static func format(_ date: Date, _ format: String, timeZone: TimeZone, isUTC: Bool = false) -> String {
        // An empty format is moment's default.
        let expanded = expandLongFormats(format.isEmpty ? "YYYY-MM-DDTHH:mm:ssZ" : format)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond, .weekday], from: date)
        var fields = Fields(parts: parts, date: date, calendar: calendar, timeZone: timeZone)
        fields.isUTC = isUTC
        let scalars = Array(expanded.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "[", let close = scalars[(index + 1)...].firstIndex(of: "]"),
               !scalars[(index + 1)..<close].contains("[") {
                result.unicodeScalars.append(contentsOf: scalars[(index + 1)..<close])
                index = close + 1
                continue
            }
            // moment's token pattern ends in `.`, which never matches a line break: line breaks vanish.
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                index += 1
                continue
            }
            if scalar == "\\", index + 1 < scalars.count, !isLineBreak(scalars[index + 1]) {
                // An escaped token is printed as written, without its backslash.
                let length = token(in: scalars, at: index + 1)
                result.unicodeScalars.append(contentsOf: scalars[(index + 1)..<(index + 1 + length)])
                index += 1 + length
                continue
            }
            let length = token(in: scalars, at: index)
            let text = String(String.UnicodeScalarView(scalars[index..<(index + length)]))
            // A lone backslash is a token without a value whose backslashes are removed.
            result += fields.value(for: text) ?? (text == "\\" ? "" : text)
            index += length
        }
        return result
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func matches(_ token: String, _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let tokenScalars = Array(token.unicodeScalars)
        guard index + tokenScalars.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + tokenScalars.count)]) == tokenScalars
    }

    /// Replaces `LT`, `LL`, … outside `[…]` escapes with their English patterns.
    static func expandLongFormats(_ format: String) -> String {
        guard format.contains("L") || format.contains("l") else { return format }
        let scalars = Array(format.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[", let close = scalars[(index + 1)...].firstIndex(of: "]") {
                result.unicodeScalars.append(contentsOf: scalars[index...close])
                index = close + 1
                continue
            }
            if scalars[index] == "\\", index + 1 < scalars.count {
                result.unicodeScalars.append(contentsOf: scalars[index...(index + 1)])
                index += 2
                continue
            }
            if let (name, pattern) = longFormats.first(where: { matches($0.0, scalars, at: index) }) {
                result += pattern
                index += name.unicodeScalars.count
                continue
            }
            result.unicodeScalars.append(scalars[index])
            index += 1
        }
        return result
    }

    struct Fields {
        let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int, weekday: Int
        let dayOfYear: Int, offsetMinutes: Int, date: Date, isoWeek: Int, isoYear: Int, localeWeek: Int, localeYear: Int
        var isUTC = false

        init(parts: DateComponents, date: Date, calendar: Calendar, timeZone: TimeZone) {
            year = parts.year ?? 1970
            month = parts.month ?? 1
            day = parts.day ?? 1
            hour = parts.hour ?? 0
            minute = parts.minute ?? 0
            second = parts.second ?? 0
            let fraction = date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)
            millisecond = min(999, Int((fraction * 1000).rounded(.down)))
            weekday = (parts.weekday ?? 1) - 1
            dayOfYear = calendar.ordinality(of: .day, in: .year, for: date) ?? 1
            offsetMinutes = timeZone.secondsFromGMT(for: date) / 60
            self.date = date
            var iso = Calendar(identifier: .iso8601)
            iso.timeZone = timeZone
            isoWeek = iso.component(.weekOfYear, from: date)
            isoYear = iso.component(.yearForWeekOfYear, from: date)
            // English locale weeks start on Sunday; the week holding January 1st is week 1.
            var us = Calendar(identifier: .gregorian)
            us.timeZone = timeZone
            us.firstWeekday = 1
            us.minimumDaysInFirstWeek = 1
            localeWeek = us.component(.weekOfYear, from: date)
            localeYear = us.component(.yearForWeekOfYear, from: date)
        }

        /// The text for a token, nil when moment has no such token (the characters are then kept).
        func value(for token: String) -> String? {
            switch token {
            case "N", "NN", "NNN", "NNNNN": return "AD"
            case "NNNN": return "Anno Domini"
            case "y", "yy", "yyy", "yyyy": return pad(year, token.count)
            case "yo": return ordinal(year)
            case "YYYYYY": return (year < 0 ? "-" : "+") + pad(abs(year), 6)
            case "YYYYY": return pad(year, 5)
            case "YYYY": return year <= 9999 ? pad(year, 4) : "+\(year)"
            case "YY": return pad(abs(year) % 100, 2)
            case "Y": return year <= 9999 ? pad(year, 4) : "+\(year)"
            case "MMMM": return MomentFormat.monthNames[month - 1]
            case "MMM": return String(MomentFormat.monthNames[month - 1].prefix(3))
            case "MM": return pad(month, 2)
            case "Mo": return ordinal(month)
            case "M": return String(month)
            case "DDDD": return pad(dayOfYear, 3)
            case "DDDo": return ordinal(dayOfYear)
            case "DDD": return String(dayOfYear)
            case "Do": return ordinal(day)
            case "DD": return pad(day, 2)
            case "D": return String(day)
            case "dddd": return MomentFormat.weekdayNames[weekday]
            case "ddd": return String(MomentFormat.weekdayNames[weekday].prefix(3))
            case "dd": return String(MomentFormat.weekdayNames[weekday].prefix(2))
            case "do": return ordinal(weekday)
            case "d", "e": return String(weekday)
            case "E": return String(weekday == 0 ? 7 : weekday)
            case "Hmmss": return String(hour) + pad(minute, 2) + pad(second, 2)
            case "Hmm": return String(hour) + pad(minute, 2)
            case "hmmss": return String(hour12) + pad(minute, 2) + pad(second, 2)
            case "hmm": return String(hour12) + pad(minute, 2)
            case "HH": return pad(hour, 2)
            case "H": return String(hour)
            case "hh": return pad(hour12, 2)
            case "h": return String(hour12)
            case "kk": return pad(hour == 0 ? 24 : hour, 2)
            case "k": return String(hour == 0 ? 24 : hour)
            case "mm": return pad(minute, 2)
            case "m": return String(minute)
            case "ss": return pad(second, 2)
            case "s": return String(second)
            case "S": return String(millisecond / 100)
            case "SS": return pad(millisecond / 10, 2)
            case "SSS", "SSSS", "SSSSS", "SSSSSS", "SSSSSSS", "SSSSSSSS", "SSSSSSSSS":
                return pad(millisecond, 3) + String(repeating: "0", count: token.count - 3)
            case "A": return hour < 12 ? "AM" : "PM"
            case "a": return hour < 12 ? "am" : "pm"
            case "ZZ": return offset(separator: "")
            case "Z": return offset(separator: ":")
            case "zz", "z": return isUTC ? "UTC" : ""
            case "X": return JSNumber.format((date.timeIntervalSince1970).rounded(.down))
            case "x": return JSNumber.format((date.timeIntervalSince1970 * 1000).rounded(.down))
            case "Qo": return ordinal((month - 1) / 3 + 1)
            case "Q": return String((month - 1) / 3 + 1)
            case "WW": return pad(isoWeek, 2)
            case "Wo": return ordinal(isoWeek)
            case "W": return String(isoWeek)
            case "ww": return pad(localeWeek, 2)
            case "wo": return ordinal(localeWeek)
            case "w": return String(localeWeek)
            case "GG": return pad(isoYear % 100, 2)
            case "GGGG": return pad(isoYear, 4)
            case "GGGGG": return pad(isoYear, 5)
            case "gg": return pad(localeYear % 100, 2)
            case "gggg": return pad(localeYear, 4)
            case "ggggg": return pad(localeYear, 5)
            default: return nil
            }
        }

        var hour12: Int { hour % 12 == 0 ? 12 : hour % 12 }

        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
            return value < 0 ? "-" + padded : padded
        }

        func ordinal(_ value: Int) -> String {
            let tens = value % 100 / 10
            let suffix: String
            if tens == 1 {
                suffix = "th"
            } else {
                switch value % 10 {
                case 1: suffix = "st"
                case 2: suffix = "nd"
                case 3: suffix = "rd"
                default: suffix = "th"
                }
            }
            return "\(value)\(suffix)"
        }

        func offset(separator: String) -> String {
            let sign = offsetMinutes < 0 ? "-" : "+"
            let total = abs(offsetMinutes)
            return sign + pad(total / 60, 2) + separator + pad(total % 60, 2)
        }
    }
}

/// Helpers behind `{{time::UTC±N}}`, `{{idleDuration}}` and `{{timeDiff}}`.
enum TimeMacros {
    /// `UTC+2` → seconds east of UTC; moment reads offsets below 16 in magnitude as hours, others as minutes.
    static func utcOffsetHours(_ text: String) -> Int? {
        guard text.hasPrefix("UTC") else { return nil }
        let rest = text.dropFirst(3)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
        let signed = sign == "-" ? -value : value
        return signed
    }

    /// Time since the user's message before the latest one (system messages skipped); "just now" without one.
    static func idleDuration(_ environment: any MacroEnvironment) -> String {
        var takeNext = false
        var index = environment.chatMessageCount - 1
        while index >= 0 {
            defer { index -= 1 }
            guard let message = environment.chatMessage(at: index), !message.isSystem else { continue }
            if message.isUser, takeNext {
                guard let sent = message.sendDate else { return "just now" }
                return humanize(milliseconds: environment.now.timeIntervalSince(sent) * 1000, withSuffix: false)
            }
            takeNext = true
        }
        return "just now"
    }

    /// `moment.duration(moment(left).diff(moment(right))).humanize(true)`.
    static func timeDiff(_ left: String, _ right: String, now: Date, timeZone: TimeZone) -> String {
        guard let leftDate = parseDate(left, timeZone: timeZone), let rightDate = parseDate(right, timeZone: timeZone) else {
            return "Invalid date"
        }
        return humanize(milliseconds: leftDate.timeIntervalSince(rightDate) * 1000, withSuffix: true)
    }

    /// moment's relative time in English (`a few seconds`, `5 minutes`, `a day`, … with `in …` / `… ago`).
    static func humanize(milliseconds: Double, withSuffix: Bool) -> String {
        let days = abs(milliseconds) / 86_400_000
        let seconds = JSNumber.round(abs(milliseconds) / 1000)
        let minutes = JSNumber.round(abs(milliseconds) / 60_000)
        let hours = JSNumber.round(abs(milliseconds) / 3_600_000)
        let roundedDays = JSNumber.round(days)
        let months = JSNumber.round(days * 4800 / 146_097)
        let years = JSNumber.round(days * 4800 / 146_097 / 12)
        let text: String
        if seconds < 45 { text = "a few seconds" }
        else if minutes <= 1 { text = "a minute" }
        else if minutes < 45 { text = "\(Int(minutes)) minutes" }
        else if hours <= 1 { text = "an hour" }
        else if hours < 22 { text = "\(Int(hours)) hours" }
        else if roundedDays <= 1 { text = "a day" }
        else if roundedDays < 26 { text = "\(Int(roundedDays)) days" }
        else if months <= 1 { text = "a month" }
        else if months < 11 { text = "\(Int(months)) months" }
        else if years <= 1 { text = "a year" }
        else { text = "\(Int(years)) years" }
        guard withSuffix else { return text }
        return milliseconds > 0 ? "in \(text)" : "\(text) ago"
    }

    /// The ISO 8601 shapes moment reads without a format: `2024-01-31`, `2024-01-31 12:00`, `2024-01-31T12:00:05.250Z`,
    /// `+02:00` offsets. Without an offset the time is local.
    static func parseDate(_ text: String, timeZone: TimeZone) -> Date? {
        let trimmed = JSWhitespace.trim(text)
        let pattern = "^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?$"
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)) else { return nil }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: trimmed) else { return nil }
            return String(trimmed[range])
        }
        var components = DateComponents()
        components.year = group(1).flatMap { Int($0) }
        components.month = group(2).flatMap { Int($0) }
        components.day = group(3).flatMap { Int($0) }
        components.hour = group(4).flatMap { Int($0) } ?? 0
        components.minute = group(5).flatMap { Int($0) } ?? 0
        components.second = group(6).flatMap { Int($0) } ?? 0
        if let fraction = group(7) {
            let padded = (fraction + "000").prefix(3)
            components.nanosecond = (Int(padded) ?? 0) * 1_000_000
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        if let zone = group(8) {
            if zone == "Z" {
                calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? timeZone
            } else {
                let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
                let hours = Int(digits.prefix(2)) ?? 0
                let minutes = Int(digits.suffix(2)) ?? 0
                let seconds = (hours * 60 + minutes) * 60 * (zone.hasPrefix("-") ? -1 : 1)
                calendar.timeZone = TimeZone(secondsFromGMT: seconds) ?? timeZone
            }
        }
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day)
        else { return nil }
        return calendar.date(from: components)
    }
}
