// A message's swipes (`swipes` + `swipe_info`), and SillyTavern's "copy the message into its current swipe".

/// The two parallel swipe arrays of a message, edited together and written back once.
struct Swipes {
    var texts: ArrayEditor
    var infos: ArrayEditor
    /// `swipe_id` when it names an existing swipe (a JS number used as an index).
    let current: Int?

    init?(_ message: ObjectEditor) {
        guard let textsSpan = message.span("swipes"), let infosSpan = message.span("swipe_info"),
              let texts = ArrayEditor(bytes: message.bytes, arrayAt: textsSpan.lowerBound, limit: textsSpan.upperBound),
              let infos = ArrayEditor(bytes: message.bytes, arrayAt: infosSpan.lowerBound, limit: infosSpan.upperBound)
        else { return nil }
        self.texts = texts
        self.infos = infos
        self.current = Swipes.index(message, count: texts.count)
    }

    /// The swipe `swipe_id` points at, when it is a number naming an element (`swipes[1.5]` is undefined in JS).
    static func index(_ message: ObjectEditor, count: Int) -> Int? {
        guard let span = message.span("swipe_id") else { return nil }
        return index(UnsafeRawBufferPointer(rebasing: message.bytes[span]), count: count)
    }

    /// The same for the encoded value of `swipe_id`.
    static func index(_ encoded: UnsafeRawBufferPointer, count: Int) -> Int? {
        let text = String(decoding: encoded, as: UTF8.self)
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57),
              let value = Double(text), value == value.rounded(), value > -1, value < Double(count) else { return nil }
        return Int(value)
    }

    /// The info object of swipe `index`, when it is an object.
    func info(_ index: Int) -> ObjectEditor? {
        ObjectEditor(bytes: infos.bytes, objectAt: infos.elements[index].lowerBound, limit: infos.elements[index].upperBound)
    }

    /// syncMesToSwipe: the shown swipe takes the message's text, dates and a copy of its extra. Returns whether it
    /// happened (SillyTavern skips it when the swipe or its info is missing or empty).
    mutating func syncFromMessage(_ message: ObjectEditor) -> Bool {
        guard let index = current, texts.isTruthy(at: index), index < infos.count, infos.isTruthy(at: index),
              var info = info(index),
              let mes = message.value("mes") else { return false }
        texts.set(index, message.copy(mes))
        for key in Swipes.syncedKeys {
            if let value = message.value(key) {
                info.set(key, message.copy(value))
            } else {
                info.remove(key)  // assigning undefined: JSON.stringify leaves the key out
            }
        }
        infos.set(index, info.render())
        return true
    }

    static let syncedKeys = ["send_date", "gen_started", "gen_finished", "extra"]

    /// Writes changed arrays back into the message.
    func commit(into message: inout ObjectEditor) {
        if texts.isChanged { message.set("swipes", texts.render()) }
        if infos.isChanged { message.set("swipe_info", infos.render()) }
    }
}

