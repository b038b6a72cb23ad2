import Foundation
import JSCompat

/// `send_date` in every style SillyTavern has written: ISO-8601 (`2026-05-20T14:03:07.123Z`, current),
/// `January 30, 2025 12:34pm` (before ~2025), epoch milliseconds (very old), and `2024-7-12@01h31m37s`
/// (optionally `…37s123ms`). Styles without a zone are read in the local time zone, as SillyTavern shows them.
public enum SendDate {
    /// The moment a stored `send_date` names, nil when it is in no known style.
    public static func parse(_ value: JSONValue?) -> Date? {
        switch value {
        case .number(let n)?: return Date(timeIntervalSince1970: n.double / 1000)
        case .string(let s)?: return parse(s)
        default: return nil
        }
    }

    /// Reads one of the text styles.
    public static func parse(_ text: String) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let date = iso(s) { return date }
        if let date = humanized(s) { return date }
        if let date = atStyle(s) { return date }
        if let ms = Double(s), ms.isFinite { return Date(timeIntervalSince1970: ms / 1000) }
        return nil
    }

    /// Now, as current SillyTavern writes it: ISO-8601 in UTC with milliseconds.
    public static func now(_ date: Date = Date()) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ n: Int?, _ width: Int = 2) -> String {
            let s = String(n ?? 0)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let millis = Int(((ms % 1000) + 1000) % 1000)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)).\(pad(millis, 3))Z"
    }

    static func components(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                           millisecond: Int = 0, zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour,
                                                            minute: minute, second: second)) else { return nil }
        return date.addingTimeInterval(Double(millisecond) / 1000)
    }

    /// Numbers in `text` in order (runs of digits).
    static func numbers(_ text: Substring) -> [Int] {
        text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }

    static func iso(_ s: String) -> Date? {
        guard s.count >= 10, s.contains("-"), s.contains("T") || s.count == 10 else { return nil }
        var body = Substring(s)
        var zone = TimeZone.current
        if body.hasSuffix("Z") {
            body = body.dropLast()
            zone = TimeZone(identifier: "UTC") ?? zone
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }), let t = body.firstIndex(of: "T"), sign > t {
            // An offset such as +02:00 or -0530.
            let digits = body[body.index(after: sign)...].filter(\.isNumber)
            guard digits.count == 4, let value = Int(digits) else { return nil }
            let seconds = (value / 100 * 60 + value % 100) * 60
            zone = TimeZone(secondsFromGMT: body[sign] == "-" ? -seconds : seconds) ?? zone
            body = body[..<sign]
        }
        let parts = body.split(separator: "T", maxSplits: 1)
        let date = numbers(parts[0])
        guard date.count == 3 else { return nil }
        var time = parts.count > 1 ? numbers(parts[1]) : []
        var millisecond = 0
        if parts.count > 1, let dot = parts[1].firstIndex(of: ".") {
            let fraction = String(parts[1][parts[1].index(after: dot)...].prefix { $0.isNumber })
            millisecond = Int((fraction + "000").prefix(3)) ?? 0
            time = numbers(parts[1][..<dot])
        }
        while time.count < 3 { time.append(0) }
        return components(year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1],
                          second: time[2], millisecond: millisecond, zone: zone)
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]

    /// `January 30, 2025 12:34pm`.
    static func humanized(_ s: String) -> Date? {
        let lower = s.lowercased()
        guard let month = monthNames.firstIndex(where: { lower.hasPrefix($0) || lower.hasPrefix(String($0.prefix(3)) + " ") })
        else { return nil }
        let n = numbers(Substring(lower))
        guard n.count >= 2 else { return nil }
        var hour = n.count > 2 ? n[2] : 0
        let minute = n.count > 3 ? n[3] : 0
        if lower.hasSuffix("pm"), hour < 12 { hour += 12 }
        if lower.hasSuffix("am"), hour == 12 { hour = 0 }
        return components(year: n[1], month: month + 1, day: n[0], hour: hour, minute: minute, zone: .current)
    }

    /// `2024-7-12@01h31m37s` or `2024-7-12@01h31m37s123ms`.
    static func atStyle(_ s: String) -> Date? {
        guard s.contains("@") else { return nil }
        let n = numbers(Substring(s))
        guard n.count >= 6 else { return nil }
        return components(year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5],
                          millisecond: n.count > 6 ? n[6] : 0, zone: .current)
    }
}
