/// Word lists of the fact extractor, folded once.
enum FactWords {
    static func list(_ words: [String]) -> [[UInt32]] { words.map(foldedScalars) }

    /// Ends a sentence.
    static func isSentenceEnd(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3002, 0x21, 0x3F, 0x0A, 0x0D: true  // 。 ! ? (full-width ones fold to ASCII) and newlines
        default: false
        }
    }

    /// Ends a clause (and a sentence).
    static func isClauseEnd(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2C, 0x3B, 0x3A: true  // , ; : (the full-width forms fold to these); 、 separates list items, not clauses
        default: isSentenceEnd(scalar)
        }
    }

    /// Ends the scope of an elliptical subject (；。…).
    static func isSegmentEnd(_ scalar: UInt32) -> Bool {
        scalar == 0x3B || isSentenceEnd(scalar)
    }

    static func isSpace(_ scalar: UInt32) -> Bool {
        scalar == 0x20 || scalar == 0x09
    }

    static func isArabicDigit(_ scalar: UInt32) -> Bool {
        scalar >= 0x30 && scalar <= 0x39
    }

    static func isASCIILetter(_ scalar: UInt32) -> Bool {
        (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x41 && scalar <= 0x5A)
    }

    /// Chinese numeral characters (digits and units).
    static let chineseNumerals = ScalarBitmap("〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟")

    /// Opening quotes and title marks: a number right after one names a slogan or a day (“1338”, “3·15”).
    static let openingQuotes = ScalarBitmap("“‘「『《〈\"'")
    /// Closing quotes: a number right before one is a name too (12345”热线).
    static let closingQuotes = ScalarBitmap("”’」』》〉\"'")
    /// Characters of identifiers and document numbers around a number (ICP备05023036号, 〔2021〕33号).
    static let identifierNeighbours = ScalarBitmap("/-_#[]〔〕【】@.")

    /// Range separators between two numbers (3-5次, 3至5次, 3~5次).
    static let rangeSeparators = ScalarBitmap("-~—–至到")


    // Qualifiers before the number.
    static let atLeastBefore = list(["不少于", "不低于", "至少", "超过", "多于", "逾", "超"])
    static let requirementBefore = list(["不少于", "不低于", "至少"])
    static let approxBefore = list(["将近", "接近", "大约", "约", "近"])
    static let atMostBefore = list(["不超过", "不到", "不足", "少于"])
    // Qualifiers after the unit.
    static let atLeastAfter = list(["以上"])
    static let atMostAfter = list(["以下", "以内"])
    static let approxAfter = list(["左右"])

    /// 均为 / 均达: one value for every item listed before.
    static let distributive = list(["均达到", "均达", "均为", "均是", "都达到", "都达", "都为", "均在", "均超"])
    /// Separators of the listed items.
    static let listSeparators = list(["以及", "、", "和", "及", "与", "或"])
    /// Words that begin with a one-scalar separator (及时受理率, 及格率, 和解) …
    static let wordsStartingWithSeparator = list(["及时", "及格", "和解", "或者"])
    /// … or end with one (参与率).
    static let wordsEndingWithSeparator = list(["参与"])
    static let respectively = foldedScalars("分别")
    /// What a named rate ends in (参训率, 知晓率).
    static let rateSuffix = foldedScalars("率")
    static let among = foldedScalars("其中")
    static let streak = foldedScalars("连续")
    static let ordinal: UInt32 = 0x7B2C  // 第

    /// 每 + a period: a frequency rule (每季度召开1次).
    static let frequencyRule = list(["每季度", "每个月", "每月", "每年", "每周", "每半年", "每季", "每天", "每日", "每星期", "每个"])
    static let staffingRule = list(["配备", "配齐"])

    /// Words before a percentage that make it a change, not a level.
    static let change = list(["增长", "下降", "上升", "提升", "提高", "减少", "降低", "增加", "增幅", "降幅", "同比"])
    /// Verbs right before a count (增加30件, 多40件) that, after a comparison in the clause
    /// (``comparisons``), make it a change rather than a count.
    static let countChangeVerbs = list(["增加", "减少", "增长", "下降", "上升", "多", "少", "增加了", "减少了", "多了", "少了"])
    /// Comparisons that a count change follows in its clause (同比增加, 较上年减少, 比去年多).
    static let comparisons = list(["同比", "环比", "较", "比"])
    /// Comparisons that a count change follows anywhere before it in the sentence
    /// (与2023年相比,…增加30件); the bare 较/比 only count in the change's own clause.
    static let sentenceComparisons = list([
        "同比", "环比", "相比", "较上年", "较去年", "比上年", "比去年", "较同期", "比同期", "较上一年", "比上一年",
    ])
    /// Words right before the number that make a following 提升/增长 reach a level (提升至98%).
    static let reachLevel = list(["至", "到"])

    /// Words after `N个` / `N项` written in Chinese numerals that make a slogan (四个意识, 三项制度).
    static let sloganAfterClassifier = list([
        "意识", "自信", "维护", "代表", "全面", "坚持", "务必", "必须", "制度", "原则", "机制", "要求", "统筹", "融合",
    ])
}
