"""Every user-facing string of the tool, in Indonesian and English.

Keys are grouped by prefix: `cli.` (commands and help), `problem.` (lesson validation), `error.` (the one
sentence for an environment failure), `check.` (verdicts), `practice.`, `session.`. A test asserts that
every key has every language and the same `{placeholders}` in each.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- CLI: help ---------------------------------------------------------------------------------------
    "cli.help": {
        "en": "A terminal tutor for publishing container images: real docker commands, real checks, hints in "
        "Bahasa Indonesia or English.",
        "id": "Tutor terminal untuk mempublikasikan image container: perintah docker yang asli, pemeriksaan "
        "yang nyata, petunjuk dalam Bahasa Indonesia atau Inggris.",
    },
    "cli.opt.lang": {
        "en": "Language: id or en. Default: TUTOR_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG), else en.",
        "id": "Bahasa: id atau en. Bawaan: TUTOR_LANG, lalu locale (LC_ALL, LC_MESSAGES, LANG), selain itu en.",
    },
    "cli.opt.version": {"en": "Show the version and exit.", "id": "Tampilkan versi lalu keluar."},
    # --- rough: plain output ---
    "cli.opt.plain": {
        "en": "Plain output for screen readers, logs and dumb terminals: no colour, no boxes, every panel as "
        "labelled lines (also on with TERM=dumb; NO_COLOR turns colour off).",
        "id": "Output polos untuk pembaca layar, log dan terminal sederhana: tanpa warna, tanpa kotak, setiap panel "
        "sebagai baris berlabel (juga aktif dengan TERM=dumb; NO_COLOR mematikan warna).",
    },
    "cli.list.help": {
        "en": "List the lessons: id, title, number of steps, languages.",
        "id": "Daftar pelajaran: id, judul, jumlah langkah, bahasa.",
    },
    "cli.show.help": {
        "en": "Show a whole lesson (every step and command) without running anything. A lesson with steps for some "
        "systems only shows yours: TUTOR_PLATFORM=linux|macos|windows|desktop chooses another.",
        "id": "Tampilkan seluruh pelajaran (semua langkah dan perintah) tanpa menjalankan apa pun. Pelajaran yang "
        "punya langkah khusus sistem tertentu menampilkan langkah sistem Anda: TUTOR_PLATFORM=linux|macos|windows|"
        "desktop memilih yang lain.",
    },
    "cli.validate.help": {
        "en": "Check lessons for problems; prints path:line: message for each. Default: every bundled lesson.",
        "id": "Periksa masalah dalam pelajaran; mencetak path:baris: pesan untuk tiap masalah. Bawaan: semua "
        "pelajaran bawaan.",
    },
    "cli.arg.lesson": {
        "en": "A lesson id (see `tutor list`) or a lesson directory.",
        "id": "Id pelajaran (lihat `tutor list`) atau folder pelajaran.",
    },
    "cli.opt.registry": {
        "en": "Registry for the commands: practice (default), docker.io, or HOST[:PORT].",
        "id": "Registry untuk perintah: practice (bawaan), docker.io, atau HOST[:PORT].",
    },
    "cli.opt.user": {
        "en": "Your username on that registry (Docker ID).",
        "id": "Username Anda di registry itu (Docker ID).",
    },
    # --- CLI: output -------------------------------------------------------------------------------------
    "cli.version": {"en": "tutor {version}", "id": "tutor {version}"},
    "cli.list.col.id": {"en": "ID", "id": "ID"},
    "cli.list.col.title": {"en": "TITLE", "id": "JUDUL"},
    "cli.list.col.steps": {"en": "STEPS", "id": "LANGKAH"},
    "cli.list.col.languages": {"en": "LANGUAGES", "id": "BAHASA"},
    "cli.list.empty": {"en": "No lessons found.", "id": "Tidak ada pelajaran."},
    "cli.list.broken": {"en": "(broken: run tutor validate {id})", "id": "(rusak: jalankan tutor validate {id})"},
    "cli.show.step": {"en": "Step {number} of {total}", "id": "Langkah {number} dari {total}"},
    "cli.show.commands": {"en": "Commands", "id": "Perintah"},
    "cli.show.hints": {"en": "Hints", "id": "Petunjuk"},
    "cli.show.checks": {"en": "Checked", "id": "Diperiksa"},
    "cli.show.fallback": {
        "en": "This step has no {wanted} translation yet; showing {shown}.",
        "id": "Langkah ini belum diterjemahkan ke {wanted}; ditampilkan dalam {shown}.",
    },
    "cli.validate.ok": {
        "en": "{lessons} lesson(s) checked, no problems.",
        "id": "{lessons} pelajaran diperiksa, tidak ada masalah.",
    },
    "cli.validate.failed": {
        "en": "{problems} problem(s) in {lessons} lesson(s).",
        "id": "{problems} masalah dalam {lessons} pelajaran.",
    },
    "cli.warning": {"en": "warning", "id": "peringatan"},
    "cli.interrupted": {"en": "Interrupted; nothing was lost.", "id": "Dihentikan; tidak ada yang hilang."},
    # --- typer's own words (tutor/cli/words.py) --------------------------------------------------------
    "cli.words.usage": {"en": "Usage:", "id": "Penggunaan:"},
    "cli.words.options": {"en": "Options", "id": "Opsi"},
    "cli.words.commands": {"en": "Commands", "id": "Perintah"},
    "cli.words.arguments": {"en": "Arguments", "id": "Argumen"},
    "cli.words.help_option": {"en": "Show this message and exit.", "id": "Tampilkan pesan ini lalu keluar."},
    "cli.words.default": {"en": "default: {value}", "id": "bawaan: {value}"},
    "cli.words.env_var": {"en": "env var: {value}", "id": "variabel lingkungan: {value}"},
    "cli.words.required": {"en": "required", "id": "wajib"},
    "cli.words.options_metavar": {"en": "[OPTIONS]", "id": "[OPSI]"},
    "cli.words.subcommand_metavar": {"en": "COMMAND [ARGS]...", "id": "PERINTAH [ARGUMEN]..."},
    "cli.meta.lesson": {"en": "LESSON", "id": "PELAJARAN"},
    "cli.meta.registry": {"en": "REGISTRY", "id": "REGISTRY"},
    "cli.meta.name": {"en": "NAME", "id": "NAMA"},
    "cli.meta.step": {"en": "STEP", "id": "LANGKAH"},
    "cli.meta.port": {"en": "PORT", "id": "PORT"},
    "cli.meta.address": {"en": "ADDRESS", "id": "ALAMAT"},
    "cli.meta.file": {"en": "FILE", "id": "FILE"},
    "cli.meta.minutes": {"en": "MINUTES", "id": "MENIT"},
    "cli.meta.seconds": {"en": "SECONDS", "id": "DETIK"},
    "cli.meta.text": {"en": "TEXT", "id": "TEKS"},
    "cli.arg.text": {"en": "The message, in quotes.", "id": "Pesannya, dalam tanda kutip."},
    "cli.arg.url": {"en": "The room's address from the handout (https://HOST:PORT).",
                    "id": "Alamat kelas dari handout (https://HOST:PORT)."},
    "cli.aborted": {"en": "Aborted.", "id": "Dibatalkan."},
    "cli.error.prefix": {"en": "Error: {message}", "id": "Kesalahan: {message}"},
    "cli.error.try": {"en": "Try '{command}' for help.", "id": "Coba '{command}' untuk bantuan."},
    "cli.error.no_such_command": {"en": "No such command '{name}'.", "id": "Tidak ada perintah '{name}'."},
    "cli.error.did_you_mean": {"en": "Did you mean {names}?", "id": "Maksud Anda {names}?"},
    "cli.error.no_such_option": {"en": "No such option: {name}.", "id": "Tidak ada opsi: {name}."},
    "cli.error.missing_argument": {"en": "Missing argument {name}.", "id": "Argumen {name} belum diberikan."},
    "cli.error.missing_option": {"en": "Missing option {name}.", "id": "Opsi {name} belum diberikan."},
    "cli.error.extra_arguments": {"en": "Unexpected extra arguments ({args}).",
                                  "id": "Ada argumen lebih yang tidak dikenal ({args})."},
    "cli.error.bad_value": {"en": "Invalid value for {name}: {problem}", "id": "Nilai tidak sah untuk {name}: {problem}"},
    "cli.error.not_a_number": {"en": "'{value}' is not a number.", "id": "'{value}' bukan angka."},
    "cli.error.out_of_range": {"en": "{value} is outside {range}.", "id": "{value} di luar rentang {range}."},
    "cli.error.no_such_path": {"en": "'{value}' does not exist.", "id": "'{value}' tidak ada."},
    "cli.error.is_a_directory": {"en": "'{value}' is a folder, not a file.", "id": "'{value}' adalah folder, bukan file."},
    # --- lessons -----------------------------------------------------------------------------------------
    "lesson.invalid": {
        "en": "The lesson has {count} problem(s); run tutor validate for all of them.",
        "id": "Pelajaran ini punya {count} masalah; jalankan tutor validate untuk melihat semuanya.",
    },
    "lesson.not_found": {
        "en": "No lesson called '{name}'. Known lessons: {known}. A lesson directory can be given as a path.",
        "id": "Tidak ada pelajaran bernama '{name}'. Pelajaran yang ada: {known}. Folder pelajaran bisa diberikan "
        "sebagai path.",
    },
    "problem.yaml_syntax": {"en": "YAML syntax error: {error}", "id": "kesalahan sintaks YAML: {error}"},
    "problem.front_matter_not_mapping": {
        "en": "the front matter must be a mapping (title: ..., summary: ...)",
        "id": "front matter harus berupa mapping (title: ..., summary: ...)",
    },
    "problem.no_front_matter": {
        "en": "the file must start with front matter (---, title: ..., ---)",
        "id": "file harus diawali front matter (---, title: ..., ---)",
    },
    "problem.no_title": {"en": "the front matter has no title", "id": "front matter tidak punya title"},
    "problem.step_without_id": {
        "en": "step heading '{title}' has no id: write it as '## {title} {{#step-id}}'",
        "id": "judul langkah '{title}' tidak punya id: tulis sebagai '## {title} {{#id-langkah}}'",
    },
    "problem.bad_id": {
        "en": "'{id}' is not a valid id (lowercase letters, digits, '-' and '_', starting with a letter or digit)",
        "id": "'{id}' bukan id yang valid (huruf kecil, angka, '-' dan '_', diawali huruf atau angka)",
    },
    "problem.duplicate_step_text": {
        "en": "step '{id}' appears twice in this file",
        "id": "langkah '{id}' muncul dua kali di file ini",
    },
    "problem.hints_not_list": {
        "en": "a hints section must be a list, one item per hint",
        "id": "bagian petunjuk harus berupa daftar, satu butir per petunjuk",
    },
    "problem.duplicate_hint": {
        "en": "hint '{name}' is defined twice here",
        "id": "petunjuk '{name}' didefinisikan dua kali di sini",
    },
    "problem.empty_hint": {"en": "hint '{name}' is empty", "id": "petunjuk '{name}' kosong"},
    "problem.empty_step": {"en": "step '{id}' is empty", "id": "langkah '{id}' kosong"},
    "problem.unreadable": {"en": "cannot read the file: {error}", "id": "file tidak bisa dibaca: {error}"},
    "problem.too_big": {
        "en": "the file is larger than {limit} bytes",
        "id": "file lebih besar dari {limit} byte",
    },
    "problem.not_utf8": {"en": "the file is not valid UTF-8", "id": "file bukan UTF-8 yang valid"},
    "problem.must_be_mapping": {"en": "'{field}' must be a mapping", "id": "'{field}' harus berupa mapping"},
    "problem.must_be_list": {"en": "'{field}' must be a list", "id": "'{field}' harus berupa daftar (list)"},
    "problem.bad_variable_name": {
        "en": "'{name}' is not a valid variable name (letters, digits and _)",
        "id": "'{name}' bukan nama variabel yang valid (huruf, angka dan _)",
    },
    "problem.variable_not_text": {
        "en": "variable '{name}' must be text",
        "id": "variabel '{name}' harus berupa teks",
    },
    "problem.check_shape": {
        "en": "a check must be written as '- kind: {{arguments}}'",
        "id": "pemeriksaan harus ditulis sebagai '- jenis: {{argumen}}'",
    },
    "problem.unknown_check": {
        "en": "unknown check kind '{kind}' (known: {known})",
        "id": "jenis pemeriksaan '{kind}' tidak dikenal (yang ada: {known})",
    },
    "problem.check_args_shape": {
        "en": "the arguments of check '{kind}' must be a mapping",
        "id": "argumen pemeriksaan '{kind}' harus berupa mapping",
    },
    "problem.check_arg_missing": {
        "en": "check '{kind}' needs the argument '{arg}'",
        "id": "pemeriksaan '{kind}' membutuhkan argumen '{arg}'",
    },
    "problem.check_arg_unknown": {
        "en": "check '{kind}' has no argument '{arg}' (it takes: {known})",
        "id": "pemeriksaan '{kind}' tidak punya argumen '{arg}' (argumennya: {known})",
    },
    "problem.check_arg_not_int": {
        "en": "argument '{arg}' of check '{kind}' must be a whole number",
        "id": "argumen '{arg}' pemeriksaan '{kind}' harus bilangan bulat",
    },
    "problem.check_arg_not_word": {
        "en": "argument '{arg}' of check '{kind}' must be one word: the learner types it after answer",
        "id": "argumen '{arg}' pemeriksaan '{kind}' harus satu kata: peserta mengetiknya setelah answer",
    },
    "problem.check_arg_not_text": {
        "en": "argument '{arg}' of check '{kind}' must be non-empty text",
        "id": "argumen '{arg}' pemeriksaan '{kind}' harus berupa teks yang tidak kosong",
    },
    "problem.bad_regex": {
        "en": "argument '{arg}' of check '{kind}' is not a valid regular expression: {error}",
        "id": "argumen '{arg}' pemeriksaan '{kind}' bukan regular expression yang valid: {error}",
    },
    # --- profiles: platforms (`only:` on steps, TUTOR_PLATFORM) ---
    "problem.only_shape": {
        "en": "'only' must be a platform or a list of platforms (known: {known})",
        "id": "'only' harus berupa satu platform atau daftar platform (yang ada: {known})",
    },
    "problem.only_unknown": {
        "en": "unknown platform '{value}' in 'only' (known: {known})",
        "id": "platform '{value}' di 'only' tidak dikenal (yang ada: {known})",
    },
    "problem.platform_gap": {
        "en": "platform {platform} has no step here: the steps {steps} are each for other platforms ('only'), so a "
        "learner on {platform} would skip this part; add {platform} to the 'only' of one of them, or a step for it",
        "id": "platform {platform} tidak punya langkah di sini: langkah {steps} masing-masing untuk platform lain "
        "('only'), jadi peserta di {platform} akan melewatkan bagian ini; tambahkan {platform} ke 'only' salah "
        "satunya, atau buat langkah untuknya",
    },
    "problem.until_other_platform": {
        "en": "'until: {step}' names a step that learners on {platforms} never get ('only')",
        "id": "'until: {step}' menyebut langkah yang tidak pernah didapat peserta di {platforms} ('only')",
    },
    "cli.show.platform": {
        "en": "The steps for {platform}. This lesson has steps of their own for {platforms}: "
        "TUTOR_PLATFORM=NAME shows another platform's.",
        "id": "Langkah-langkah untuk {platform}. Pelajaran ini punya langkah khusus untuk {platforms}: "
        "TUTOR_PLATFORM=NAMA menampilkan langkah platform lain.",
    },
    "error.bad_platform": {
        "en": "TUTOR_PLATFORM={value} is not a platform the tutor knows: use one of {known}, or unset it to use "
        "this machine's.",
        "id": "TUTOR_PLATFORM={value} bukan platform yang dikenal tutor: pakai salah satu dari {known}, atau hapus "
        "agar platform mesin ini yang dipakai.",
    },
    # --- course: check arguments with a few allowed words ---
    "problem.course_shape": {
        "en": "'course' must be a mapping: order (a whole number from 1) and requires (a list of lesson ids)",
        "id": "'course' harus berupa mapping: order (bilangan bulat mulai 1) dan requires (daftar id pelajaran)",
    },
    "problem.course_unknown_lesson": {
        "en": "course: '{id}' requires '{other}', which is not a lesson here",
        "id": "course: '{id}' membutuhkan '{other}', yang bukan pelajaran di sini",
    },
    "problem.course_requires_later": {
        "en": "course: '{id}' requires '{other}', which does not come before it in the course",
        "id": "course: '{id}' membutuhkan '{other}', yang tidak berada sebelumnya di kursus",
    },
    "problem.course_same_order": {
        "en": "course: '{id}' and '{other}' have the same order {order}",
        "id": "course: '{id}' dan '{other}' punya urutan {order} yang sama",
    },
    "problem.until_not_step": {
        "en": "'until: {step}' must name a later step of this lesson",
        "id": "'until: {step}' harus menyebut langkah berikutnya dari pelajaran ini",
    },
    "problem.check_arg_choice": {
        "en": "argument '{arg}' of check '{kind}' is '{value}'; it takes one of: {known}",
        "id": "argumen '{arg}' pemeriksaan '{kind}' bernilai '{value}'; yang boleh: {known}",
    },
    "problem.trigger_shape": {
        "en": "a trigger must have 'hint' and exactly one of 'output' or 'regex'",
        "id": "trigger harus punya 'hint' dan tepat satu dari 'output' atau 'regex'",
    },
    "problem.bad_trigger_regex": {
        "en": "the trigger's regex is not valid: {error}",
        "id": "regex trigger tidak valid: {error}",
    },
    "problem.no_manifest": {
        "en": "lesson.yaml is missing: this is not a lesson directory",
        "id": "lesson.yaml tidak ada: ini bukan folder pelajaran",
    },
    "problem.manifest_not_mapping": {
        "en": "lesson.yaml must be a mapping (format_version, id, steps, ...)",
        "id": "lesson.yaml harus berupa mapping (format_version, id, steps, ...)",
    },
    "problem.duplicate_key": {"en": "key '{field}' appears twice", "id": "kunci '{field}' muncul dua kali"},
    "problem.format_version": {
        "en": "unknown format_version {found} (this tutor reads: {known})",
        "id": "format_version {found} tidak dikenal (tutor ini membaca: {known})",
    },
    "problem.bad_lesson_id": {
        "en": "'{id}' is not a valid lesson id (lowercase letters, digits, '-' and '_')",
        "id": "'{id}' bukan id pelajaran yang valid (huruf kecil, angka, '-' dan '_')",
    },
    "problem.languages": {
        "en": "languages must be a non-empty list of: {known}",
        "id": "languages harus berupa daftar yang tidak kosong dari: {known}",
    },
    "problem.profile_unknown_variable": {
        "en": "profile '{profile}' sets '{name}', which is not among the variables",
        "id": "profil '{profile}' mengisi '{name}', yang tidak ada di variables",
    },
    "problem.variable_cycle": {
        "en": "variables refer to each other in a circle: {names}",
        "id": "variabel saling merujuk melingkar: {names}",
    },
    "problem.no_steps": {"en": "the lesson has no steps", "id": "pelajaran ini tidak punya langkah"},
    "problem.step_shape": {
        "en": "a step must be a mapping with an 'id'",
        "id": "langkah harus berupa mapping dengan 'id'",
    },
    "problem.duplicate_step": {
        "en": "duplicate step id '{id}' (first at line {first})",
        "id": "id langkah '{id}' ganda (pertama di baris {first})",
    },
    "problem.step_unknown_key": {
        "en": "unknown key '{field}' in a step (known: id, checks, triggers, only)",
        "id": "kunci '{field}' tidak dikenal dalam langkah (yang ada: id, checks, triggers, only)",
    },
    "problem.undefined_variable": {
        "en": "variable '{name}' is used but not defined in lesson.yaml",
        "id": "variabel '{name}' dipakai tetapi tidak didefinisikan di lesson.yaml",
    },
    "problem.no_language_file": {
        "en": "the lesson lists language '{language}' but this file is missing",
        "id": "pelajaran mencantumkan bahasa '{language}' tetapi file ini tidak ada",
    },
    "problem.step_not_in_manifest": {
        "en": "step '{id}' is not declared in {manifest}",
        "id": "langkah '{id}' tidak dideklarasikan di {manifest}",
    },
    "problem.step_missing_before": {
        "en": "step '{id}' is missing in this file: its section '## Title {{#{id}}}' belongs right before this line",
        "id": "langkah '{id}' tidak ada di file ini: bagiannya, '## Judul {{#{id}}}', seharusnya tepat sebelum baris "
        "ini",
    },
    "problem.step_missing_after": {
        "en": "step '{id}' is missing in this file: its section '## Title {{#{id}}}' belongs after the step at this "
        "line ('{after}')",
        "id": "langkah '{id}' tidak ada di file ini: bagiannya, '## Judul {{#{id}}}', seharusnya sesudah langkah di "
        "baris ini ('{after}')",
    },
    "problem.unknown_hint": {
        "en": "the trigger names hint '{name}', which no language defines",
        "id": "trigger menyebut petunjuk '{name}', yang tidak didefinisikan bahasa mana pun",
    },
    "problem.hint_missing_in_language": {
        "en": "hint '{name}' is missing in {file}",
        "id": "petunjuk '{name}' tidak ada di {file}",
    },
    # --- rough: diagnoses named by triggers ---
    "problem.unknown_diagnosis": {
        "en": "unknown diagnosis '{name}' (known: {known})",
        "id": "diagnosis '{name}' tidak dikenal (yang ada: {known})",
    },
    # --- arch: lessons as data (journey, summary card, practice image, default lesson) ---
    "problem.journey_part": {
        "en": "each part of 'journey' is one step id and its label, e.g. '- tag: \"── docker tag ──▶\"'",
        "id": "setiap bagian 'journey' berisi satu id langkah dan labelnya, misalnya '- tag: \"── docker tag ──▶\"'",
    },
    "problem.journey_unknown_step": {
        "en": "the journey names step '{id}', which the lesson does not declare",
        "id": "journey menyebut langkah '{id}', yang tidak dideklarasikan pelajaran ini",
    },
    "problem.summary_unknown_row": {
        "en": "the summary has no row '{row}' (known: {known})",
        "id": "ringkasan tidak punya baris '{row}' (yang ada: {known})",
    },
    "problem.summary_not_text": {
        "en": "row '{row}' of the summary must be text",
        "id": "baris '{row}' di ringkasan harus berupa teks",
    },
    "problem.unknown_key": {
        "en": "unknown key '{field}' in '{where}' (known: {known})",
        "id": "kunci '{field}' tidak dikenal di '{where}' (yang ada: {known})",
    },
    "problem.practice_image_name": {
        "en": "the practice image needs a name: a plain image name without a tag, such as my-app",
        "id": "image latihan perlu nama: nama image biasa tanpa tag, misalnya my-app",
    },
    "problem.practice_image_bad_name": {
        "en": "'{name}' is not a plain image name without a tag: {error}",
        "id": "'{name}' bukan nama image biasa tanpa tag: {error}",
    },
    "problem.practice_image_context": {
        "en": "the practice image's context '{folder}' is not a folder inside this lesson or a lesson beside it",
        "id": "konteks build image latihan, '{folder}', bukan folder di dalam pelajaran ini atau pelajaran di sebelahnya",
    },
    "problem.practice_image_command": {
        "en": "the practice image's command must be a list of words, e.g. [\"/bin/busybox\", \"cat\", \"/app/main.py\"]",
        "id": "command image latihan harus berupa daftar kata, misalnya [\"/bin/busybox\", \"cat\", \"/app/main.py\"]",
    },
    "problem.default_not_bool": {
        "en": "'default' must be true or false",
        "id": "'default' harus true atau false",
    },
    # --- lessontests: a lesson's own tests (tests.yaml), `tutor test`, `tutor new`, translation parity ---
    "problem.tests_missing": {
        "en": "the lesson has no tests: write {file} beside lesson.yaml (docs/writing-lessons.md)",
        "id": "pelajaran ini tidak punya tes: tulis {file} di samping lesson.yaml (docs/writing-lessons.md)",
    },
    "problem.tests_unknown_step": {
        "en": "the tests name step '{id}', which the lesson does not declare (steps: {known})",
        "id": "tes menyebut langkah '{id}', yang tidak dideklarasikan pelajaran ini (langkah: {known})",
    },
    "problem.tests_unknown_key": {
        "en": "unknown key '{field}' in the tests (known here: {known})",
        "id": "kunci '{field}' tidak dikenal dalam tes (yang ada di sini: {known})",
    },
    "problem.tests_not_text": {
        "en": "'{field}' must be text (a command, or a list of commands), not empty",
        "id": "'{field}' harus berupa teks (sebuah perintah, atau daftar perintah), tidak boleh kosong",
    },
    "problem.tests_action_shape": {
        "en": "a setup action is a shell command, {{image: NAME}} or {{registry: stopped}}",
        "id": "aksi setup berupa perintah shell, {{image: NAMA}} atau {{registry: stopped}}",
    },
    "problem.tests_mistake_shape": {
        "en": "a mistake needs a name, what is typed ('type') and what the tutor must answer ('expect')",
        "id": "sebuah kesalahan perlu nama, apa yang diketik ('type') dan jawaban yang harus diberikan tutor "
        "('expect')",
    },
    "problem.tests_expect_shape": {
        "en": "'expect' is one of: {known} (hint and not_quite may go together)",
        "id": "'expect' adalah salah satu dari: {known} (hint dan not_quite boleh bersama)",
    },
    "problem.tests_unknown_hint": {
        "en": "the mistake expects hint '{name}', which the lesson does not define (step '{step}')",
        "id": "kesalahan ini mengharapkan petunjuk '{name}', yang tidak didefinisikan pelajaran ini (langkah "
        "'{step}')",
    },
    "problem.tests_unknown_difference": {
        "en": "unknown 'not quite' difference '{name}' (known: {known})",
        "id": "perbedaan 'belum tepat' '{name}' tidak dikenal (yang ada: {known})",
    },
    "problem.tests_final_shape": {
        "en": "'final' needs 'type': the commands after which `tutor check` must fail",
        "id": "'final' perlu 'type': perintah yang setelahnya `tutor check` harus gagal",
    },
    "problem.translation_step_ids": {
        "en": "{file} has the steps {found}, the source language {source} has {expected}",
        "id": "{file} punya langkah {found}, bahasa sumber {source} punya {expected}",
    },
    "problem.translation_commands": {
        "en": "step '{step}': the command blocks differ from {source} (they must be the same, byte for byte)",
        "id": "langkah '{step}': blok perintahnya berbeda dari {source} (harus sama persis, byte demi byte)",
    },
    "problem.translation_variables": {
        "en": "step '{step}': variables {found} here, {expected} in {source}",
        "id": "langkah '{step}': variabel {found} di sini, {expected} di {source}",
    },
    "problem.translation_options": {
        "en": "step '{step}': question options {found} here, {expected} in {source}",
        "id": "langkah '{step}': pilihan jawaban {found} di sini, {expected} di {source}",
    },
    "problem.translation_hints": {
        "en": "step '{step}': named hints {found} here, {expected} in {source}",
        "id": "langkah '{step}': petunjuk bernama {found} di sini, {expected} di {source}",
    },
    "problem.translation_stale": {
        "en": "step '{step}' is not recorded as translated from the current {source}: once it matches that text, "
        "record '{step}: {hash}' under 'translated_from' in this file's front matter",
        "id": "langkah '{step}' tidak tercatat sebagai terjemahan dari {source} yang sekarang: setelah sesuai dengan "
        "teks itu, catat '{step}: {hash}' di bawah 'translated_from' pada front matter file ini",
    },
    "lessontest.first_step_done": {
        "en": "on a fresh state the lesson does not begin at its first step '{step}'",
        "id": "pada keadaan baru pelajaran tidak dimulai dari langkah pertamanya '{step}'",
    },
    "lessontest.step_not_begun": {
        "en": "step '{step}' did not begin after the step before it (the tutor is at '{current}')",
        "id": "langkah '{step}' tidak dimulai setelah langkah sebelumnya (tutor berada di '{current}')",
    },
    "lessontest.free_pass": {
        "en": "step '{step}' passes before its solution (after `{command}`): a free pass",
        "id": "langkah '{step}' lulus sebelum solusinya dijalankan (setelah `{command}`): lulus gratis",
    },
    "lessontest.solution_failed": {
        "en": "the solution of step '{step}' does not pass it: {found}",
        "id": "solusi langkah '{step}' tidak meluluskannya: {found}",
    },
    "lessontest.mistake_passed": {
        "en": "mistake '{name}' passes step '{step}'",
        "id": "kesalahan '{name}' meluluskan langkah '{step}'",
    },
    "lessontest.wrong_answer_by_tutor": {
        "en": "mistake '{name}': expected {expected}, the tutor answered: {said}",
        "id": "kesalahan '{name}': diharapkan {expected}, tutor menjawab: {said}",
    },
    "lessontest.hint_missing": {
        "en": "hint '{name}' has no text in {file}",
        "id": "petunjuk '{name}' tidak punya teks di {file}",
    },
    "lessontest.setup_failed": {
        "en": "this setup command failed (exit {code}): {output}",
        "id": "perintah setup ini gagal (exit {code}): {output}",
    },
    "lessontest.check_fails_at_end": {
        "en": "after the whole lesson, `tutor check` fails at: {steps}",
        "id": "setelah seluruh pelajaran, `tutor check` gagal di: {steps}",
    },
    "lessontest.check_passes_after_break": {
        "en": "`tutor check` still passes after these commands",
        "id": "`tutor check` tetap lulus setelah perintah-perintah ini",
    },
    "lessontest.engine_changed": {
        "en": "the engine was not left as found: {changes}",
        "id": "engine tidak ditinggalkan seperti semula: {changes}",
    },
    "lessontest.gap.trigger": {
        "en": "trigger of hint '{name}' never fired in a mistake",
        "id": "trigger untuk petunjuk '{name}' tidak pernah terpicu oleh kesalahan mana pun",
    },
    "lessontest.gap.hint": {
        "en": "hint '{name}' was never the answer to a mistake",
        "id": "petunjuk '{name}' tidak pernah menjadi jawaban untuk kesalahan mana pun",
    },
    "lessontest.gap.wrong_answer": {
        "en": "wrong option {name} was never answered",
        "id": "pilihan salah {name} tidak pernah dijawab",
    },
    "lessontest.gap.check_kind": {
        "en": "no mistake made a '{name}' check fail",
        "id": "tidak ada kesalahan yang membuat pemeriksaan '{name}' gagal",
    },
    "lessontest.needs_network": {
        "en": "not exercised: needs network ({reason})",
        "id": "tidak diuji: perlu jaringan ({reason})",
    },
    "lessontest.language": {
        "en": "{lesson} [{language}]: {steps}/{total} steps, {mistakes} mistake(s) played: {verdict}",
        "id": "{lesson} [{language}]: {steps}/{total} langkah, {mistakes} kesalahan dimainkan: {verdict}",
    },
    "lessontest.ok": {"en": "ok", "id": "ok"},
    "lessontest.unknown_language": {
        "en": "the lesson has no language '{language}' (it has: {known})",
        "id": "pelajaran ini tidak punya bahasa '{language}' (yang ada: {known})",
    },
    "lessontest.failed": {"en": "{count} failure(s)", "id": "{count} kegagalan"},
    "lessontest.coverage": {
        "en": "Coverage [{language}]:",
        "id": "Cakupan [{language}]:",
    },
    "lessontest.engine_ok": {
        "en": "The engine is as it was found (images, tags, Docker config).",
        "id": "Engine kembali seperti semula (image, tag, konfigurasi Docker).",
    },
    "lessontest.summary_ok": {
        "en": "{lesson}: every test passed in {languages} ({seconds} s).",
        "id": "{lesson}: semua tes lulus dalam {languages} ({seconds} dtk).",
    },
    "lessontest.summary_failed": {
        "en": "{lesson}: {count} failure(s) ({seconds} s).",
        "id": "{lesson}: {count} kegagalan ({seconds} dtk).",
    },
    "cli.test.help": {
        "en": "Play a lesson's own tests (tests.yaml) against the real Docker engine and a throwaway practice "
        "registry, in every language of the lesson (and on every platform it has steps for): no free pass, every "
        "solution passes, every mistake gets its hint, `tutor check` at the end, the engine left as found.",
        "id": "Jalankan tes milik sebuah pelajaran (tests.yaml) terhadap Docker engine yang asli dan registry "
        "latihan sekali pakai, dalam setiap bahasa pelajaran itu (dan di setiap platform yang punya langkah "
        "khusus): tidak ada lulus gratis, setiap solusi lulus, "
        "setiap kesalahan mendapat petunjuknya, `tutor check` di akhir, engine kembali seperti semula.",
    },
    "cli.test.opt.json": {
        "en": "Machine-readable output for CI (the same failures, with path and line).",
        "id": "Output untuk mesin, untuk CI (kegagalan yang sama, dengan path dan baris).",
    },
    "cli.test.opt.only_lang": {
        "en": "Play only this language of the lesson (default: every one).",
        "id": "Mainkan hanya bahasa ini dari pelajaran itu (bawaan: semuanya).",
    },
    "cli.new.help": {
        "en": "Make a new lesson folder (lesson.yaml, id.md, en.md, tests.yaml) that validates and whose tests pass "
        "as made: the place to start writing a lesson.",
        "id": "Buat folder pelajaran baru (lesson.yaml, id.md, en.md, tests.yaml) yang lolos validasi dan tesnya "
        "lulus sejak dibuat: tempat mulai menulis pelajaran.",
    },
    "cli.new.made": {
        "en": "Made {path}. Next: write it, then `tutor validate {path}` and `tutor test {path}`.",
        "id": "{path} sudah dibuat. Selanjutnya: tulis isinya, lalu `tutor validate {path}` dan `tutor test {path}`.",
    },
    "cli.new.exists": {
        "en": "{path} exists already: nothing was written.",
        "id": "{path} sudah ada: tidak ada yang ditulis.",
    },
    "cli.new.bad_id": {
        "en": "'{id}' cannot be a lesson id: lowercase letters, digits, '-' and '_', starting with a letter or digit.",
        "id": "'{id}' tidak bisa menjadi id pelajaran: huruf kecil, angka, '-' dan '_', diawali huruf atau angka.",
    },
    # --- mendB: tutor new that cannot write ---
    "cli.new.cannot_make": {
        "en": "{path} could not be made ({reason}): nothing was written.",
        "id": "{path} tidak bisa dibuat ({reason}): tidak ada yang ditulis.",
    },
    # --- mendB: a setup command that hangs ---
    "lessontest.setup_timed_out": {
        "en": "this setup command was still running after {seconds} s and was stopped: {output}",
        "id": "perintah setup ini masih berjalan setelah {seconds} detik, jadi dihentikan: {output}",
    },
}
MESSAGES.update(
    {
        "error.internal": {
            "en": "Something went wrong inside the tutor ({error}). Nothing of yours was changed; run again with "
            "TUTOR_DEBUG=1 for details and please report it.",
            "id": "Terjadi kesalahan di dalam tutor ({error}). Tidak ada milik Anda yang diubah; jalankan lagi dengan "
            "TUTOR_DEBUG=1 untuk detail dan mohon laporkan.",
        },
        "error.disk_full": {
            "en": "The disk is full ({path}); free some space and try again. Nothing was lost.",
            "id": "Disk penuh ({path}); kosongkan sebagian lalu coba lagi. Tidak ada yang hilang.",
        },
    }
)

# --- environment errors: one sentence each ----------------------------------------------------------------
MESSAGES.update(
    {
        "error.no_engine": {
            "en": "No Docker engine answers at {host}. Start Docker (Docker Desktop, or `sudo systemctl start docker` "
            "on Linux) and try again.",
            "id": "Tidak ada Docker engine yang menjawab di {host}. Jalankan Docker (Docker Desktop, atau "
            "`sudo systemctl start docker` di Linux) lalu coba lagi.",
        },
        "error.engine_permission": {
            "en": "You may not use the Docker engine at {host} (permission denied): add your user to the `docker` "
            "group (`sudo usermod -aG docker $USER`, then log in again).",
            "id": "Anda tidak punya izin memakai Docker engine di {host}: masukkan pengguna Anda ke grup `docker` "
            "(`sudo usermod -aG docker $USER`, lalu login ulang).",
        },
        "error.engine_timeout": {
            "en": "The Docker engine at {host} did not answer within {seconds} s; it may be hung. Restart Docker and "
            "try again.",
            "id": "Docker engine di {host} tidak menjawab dalam {seconds} detik; mungkin macet. Restart Docker lalu "
            "coba lagi.",
        },
        "error.registry_unreachable": {
            "en": "The registry at {host} does not answer. Is it running (for practice: `tutor practice up`)?",
            "id": "Registry di {host} tidak menjawab. Apakah sudah berjalan (untuk latihan: `tutor practice up`)?",
        },
        "error.registry_tls": {
            "en": "Cannot make a secure (TLS) connection to the registry at {host}.",
            "id": "Tidak bisa membuat koneksi aman (TLS) ke registry di {host}.",
        },
        "error.registry_garbage": {
            "en": "The registry at {host} answered something that is not the registry API; check the address.",
            "id": "Registry di {host} menjawab sesuatu yang bukan API registry; periksa alamatnya.",
        },
        "error.config_corrupt": {
            "en": "Docker's config file {path} is not valid JSON ({error}); fix or move it, then try again.",
            "id": "File konfigurasi Docker {path} bukan JSON yang valid ({error}); perbaiki atau pindahkan, lalu "
            "coba lagi.",
        },
        "error.config_unreadable": {
            "en": "Cannot read Docker's config file {path}: {error}.",
            "id": "File konfigurasi Docker {path} tidak bisa dibaca: {error}.",
        },
        "error.helper_missing": {
            "en": "Docker's config names the credential helper {helper}, but it is not installed; install it or "
            "remove it from config.json.",
            "id": "Konfigurasi Docker menyebut credential helper {helper}, tetapi belum terpasang; pasang atau hapus "
            "dari config.json.",
        },
        "error.helper_failed": {
            "en": "The credential helper {helper} failed; fix it (e.g. `pass init` for pass) or remove it from "
            "config.json.",
            "id": "Credential helper {helper} gagal; perbaiki (misalnya `pass init` untuk pass) atau hapus dari "
            "config.json.",
        },
        "error.unknown_step": {
            "en": "The lesson has no step '{step}'. Its steps: {known}.",
            "id": "Pelajaran ini tidak punya langkah '{step}'. Langkahnya: {known}.",
        },
    }
)

# --- check verdicts: expected / found ---------------------------------------------------------------------
MESSAGES.update(
    {
        "check.image_exists.expected": {"en": "an image named {ref}", "id": "image bernama {ref}"},
        "check.same_image.expected": {
            "en": "{a} and {b} with the same IMAGE ID",
            "id": "{a} dan {b} dengan IMAGE ID yang sama",
        },
        "check.logged_in.expected": {"en": "a login for {registry}", "id": "login untuk {registry}"},
        "check.in_registry.expected": {
            "en": "{ref} in the registry, and the same image as your local one (its config is your IMAGE ID)",
            "id": "{ref} ada di registry, dan image-nya sama dengan yang lokal (config-nya adalah IMAGE ID Anda)",
        },
        "check.command_ran.expected": {"en": "a command matching {pattern}", "id": "perintah yang cocok dengan {pattern}"},
        "check.output_matches.expected": {"en": "output matching {pattern}", "id": "output yang cocok dengan {pattern}"},
        "check.exit_code.expected": {"en": "exit code {code}", "id": "exit code {code}"},
        "check.found.invalid_ref": {
            "en": "'{ref}' is not a valid image name: {error}",
            "id": "'{ref}' bukan nama image yang valid: {error}",
        },
        "check.found.no_image": {"en": "no image named {ref}", "id": "tidak ada image bernama {ref}"},
        "check.found.image": {"en": "{ref} is image {id}", "id": "{ref} adalah image {id}"},
        "check.found.neither": {"en": "neither {a} nor {b} exists", "id": "{a} maupun {b} tidak ada"},
        "check.found.only": {"en": "only {present}; no {missing}", "id": "hanya {present}; {missing} tidak ada"},
        "check.found.same": {"en": "{a} and {b} are both {id}", "id": "{a} dan {b} sama-sama {id}"},
        "check.found.different": {
            "en": "{a} is {id_a} but {b} is {id_b}: two different images",
            "id": "{a} adalah {id_a} tetapi {b} adalah {id_b}: dua image yang berbeda",
        },
        "check.found.no_login": {
            "en": "no login for {registry} in {path}",
            "id": "tidak ada login untuk {registry} di {path}",
        },
        "check.found.login": {
            "en": "logged in to {registry} as {user} ({source})",
            "id": "sudah login ke {registry} sebagai {user} ({source})",
        },
        "check.found.not_in_registry": {"en": "{ref} is not in the registry", "id": "{ref} tidak ada di registry"},
        "check.found.registry_refused": {
            "en": "the registry {registry} would not show {ref} to you (not logged in, or not your namespace)",
            "id": "registry {registry} tidak mau menunjukkan {ref} kepada Anda (belum login, atau bukan namespace Anda)",
        },
        "check.found.remote_but_no_local": {
            "en": "{ref} is in the registry ({digest}) but there is no local image to compare it with",
            "id": "{ref} ada di registry ({digest}) tetapi tidak ada image lokal untuk dibandingkan",
        },
        "check.found.in_registry": {
            "en": "{ref} is in the registry as {digest}, the same as your local image",
            "id": "{ref} ada di registry sebagai {digest}, sama dengan image lokal Anda",
        },
        "check.found.digest_mismatch": {
            "en": "the registry has {ref} as {digest}, another image than your local {ref} (image {id}): push again",
            "id": "registry menyimpan {ref} sebagai {digest}, image lain daripada {ref} lokal Anda (image {id}): push "
            "lagi",
        },
        "check.answer.expected": {"en": "the right answer to the step's question",
                                  "id": "jawaban yang benar untuk pertanyaan langkah ini"},
        "check.found.no_answer": {"en": "no answer yet", "id": "belum ada jawaban"},
        "check.found.answered": {"en": "your answer: {answer}", "id": "jawaban Anda: {answer}"},
        "check.found.needs_session": {
            "en": "not applicable: needs a live session (tutor start)",
            "id": "tidak berlaku: perlu sesi langsung (tutor start)",
        },
        "check.found.no_command": {"en": "no command yet", "id": "belum ada perintah"},
        "check.found.command": {"en": "last command: {command}", "id": "perintah terakhir: {command}"},
        "check.found.output_has": {"en": "found in the output of {command}", "id": "ada di output {command}"},
        "check.found.output_lacks": {"en": "not in the output of {command}", "id": "tidak ada di output {command}"},
        "check.found.exit_code": {"en": "exit code {code}", "id": "exit code {code}"},
        "check.status.pass": {"en": "passed", "id": "lulus"},
        "check.status.fail": {"en": "not yet", "id": "belum"},
        "check.status.not_applicable": {"en": "not applicable", "id": "tidak berlaku"},
        "check.col.step": {"en": "Step", "id": "Langkah"},
        "check.col.check": {"en": "Check", "id": "Pemeriksaan"},
        "check.col.status": {"en": "Result", "id": "Hasil"},
        "check.col.expected": {"en": "Expected", "id": "Diharapkan"},
        "check.col.found": {"en": "Found", "id": "Ditemukan"},
        "check.summary": {
            "en": "{passed} passed, {failed} failed, {not_applicable} not applicable ({registry}, user {user})",
            "id": "{passed} lulus, {failed} belum, {not_applicable} tidak berlaku ({registry}, pengguna {user})",
        },
        "check.why.current": {"en": "Current step: {title}", "id": "Langkah sekarang: {title}"},
        "check.why.step_ok": {
            "en": "Its checks pass now; in tutor start, type check to move on.",
            "id": "Pemeriksaannya sudah lulus; di tutor start, ketik periksa untuk lanjut.",
        },
        "check.why.all_done": {
            "en": "Every step of {lesson} passes. Nothing to explain.",
            "id": "Semua langkah {lesson} sudah lulus. Tidak ada yang perlu dijelaskan.",
        },
        "cli.check.help": {
            "en": "Check the lesson's steps against the real Docker and registry state; runs nothing you would run.",
            "id": "Periksa langkah-langkah pelajaran terhadap keadaan Docker dan registry yang nyata; tidak "
            "menjalankan perintah Anda.",
        },
        "cli.why.help": {
            "en": "Explain the current step's verdict: what was expected and what was found.",
            "id": "Jelaskan hasil pemeriksaan langkah sekarang: apa yang diharapkan dan apa yang ditemukan.",
        },
        "cli.opt.step": {"en": "Only this step (its id).", "id": "Hanya langkah ini (id-nya)."},
        "cli.opt.json": {
            "en": "Machine-readable output (see docs/check-json.md).",
            "id": "Output untuk mesin (lihat docs/check-json.md).",
        },
        # --- rough: diagnoses, and what a command made against what a step expects ---
        "check.found.login_other_spelling": {
            "en": "no login for {registry}; there is one for {other}, which Docker treats as another registry",
            "id": "tidak ada login untuk {registry}; ada login untuk {other}, yang oleh Docker dianggap registry lain",
        },
        "check.diff.registry": {
            "en": "the registry address is {found}, not {expected}",
            "id": "alamat registry-nya {found}, bukan {expected}",
        },
        "check.diff.no_user": {
            "en": "there is no username in front of the name: it must start with {expected}/",
            "id": "tidak ada username di depan nama: harus diawali {expected}/",
        },
        "check.diff.other_user": {
            "en": "{found} is not your username: the name must start with {expected}/",
            "id": "{found} bukan username Anda: nama harus diawali {expected}/",
        },
        "check.diff.placeholder": {
            "en": "{found} is a placeholder, no one's username (a username has only lowercase letters and digits): "
            "put yours, {expected}",
            "id": "{found} hanya contoh, bukan username siapa pun (username hanya berisi huruf kecil dan angka): "
            "ganti dengan milik Anda, {expected}",
        },
        "check.diff.extra_namespace": {
            "en": "the name starts with {found}/, which the expected name does not have",
            "id": "nama diawali {found}/, yang tidak ada pada nama yang diharapkan",
        },
        "check.diff.name": {"en": "the image name is {found}, not {expected}", "id": "nama image-nya {found}, bukan {expected}"},
        "check.diff.tag": {"en": "the tag is {found}, not {expected}", "id": "tag-nya {found}, bukan {expected}"},
        # --- course: versions, digests and what the engine did ---
        "check.registry_same_digest.expected": {
            "en": "{a} and {b} name the same manifest in the registry",
            "id": "{a} dan {b} menunjuk manifest yang sama di registry",
        },
        "check.found.same_digest": {"en": "both are {digest}", "id": "keduanya {digest}"},
        "check.found.other_digests": {
            "en": "{a} is {digest_a}, {b} is {digest_b}: two different manifests",
            "id": "{a} adalah {digest_a}, {b} adalah {digest_b}: dua manifest yang berbeda",
        },
        "check.built_from.expected": {"en": "{ref} built on {base}", "id": "{ref} dibangun di atas {base}"},
        "check.found.built_on": {
            "en": "{ref} ({id}) has {base}'s {base_layers} layers and {more} more of its own",
            "id": "{ref} ({id}) berisi {base_layers} layer {base} dan {more} layer miliknya sendiri",
        },
        "check.found.built_on_config": {
            "en": "{ref} ({id}) has {base}'s layers with a configuration of its own",
            "id": "{ref} ({id}) berisi layer {base} dengan konfigurasi miliknya sendiri",
        },
        "check.found.only_renamed": {
            "en": "{ref} is the same image as {base} ({id}): named again, not built",
            "id": "{ref} adalah image yang sama dengan {base} ({id}): hanya diberi nama lagi, tidak dibangun",
        },
        "check.found.not_built_on": {
            "en": "{ref} does not start with {base}'s layers: it was built on something else",
            "id": "{ref} tidak diawali layer {base}: image ini dibangun di atas image lain",
        },
        "check.pulled.expected": {
            "en": "a pull of {ref} since the lesson began",
            "id": "pull {ref} sejak pelajaran dimulai",
        },
        "check.pulled.expected_digest": {
            "en": "a pull of {ref} by its digest since the lesson began",
            "id": "pull {ref} dengan digest-nya sejak pelajaran dimulai",
        },
        "check.pulled.expected_removal": {
            "en": "a pull of {ref} after it was removed, since the lesson began",
            "id": "pull {ref} setelah image-nya dihapus, sejak pelajaran dimulai",
        },
        "check.found.pulled": {"en": "pulled {pulled} at {time}", "id": "pull {pulled} pada {time}"},
        "check.found.no_pull": {
            "en": "no pull of {ref} since {time} (the engine remembers its last 256 events)",
            "id": "tidak ada pull {ref} sejak {time} (engine hanya mengingat 256 kejadian terakhir)",
        },
        "check.found.pulls_other": {
            "en": "pulls since {time}: {pulled}; none of them is {ref}",
            "id": "pull sejak {time}: {pulled}; tidak ada yang {ref}",
        },
        "check.registry_token.expected_active": {
            "en": "an active token {name} of {user}, scope {scope}",
            "id": "token {name} milik {user} yang aktif, cakupan {scope}",
        },
        "check.registry_token.expected_revoked": {
            "en": "the token {name} of {user} revoked",
            "id": "token {name} milik {user} sudah dicabut",
        },
        "check.found.no_token": {"en": "no token named {name}", "id": "tidak ada token bernama {name}"},
        "check.found.token_active": {
            "en": "{name}: scope {scope}, active, made at {time}",
            "id": "{name}: cakupan {scope}, aktif, dibuat pukul {time}",
        },
        "check.found.token_revoked": {
            "en": "{name}: scope {scope}, revoked, made at {time}",
            "id": "{name}: cakupan {scope}, dicabut, dibuat pukul {time}",
        },
        "check.registry_auth.expected_ok": {
            "en": "Docker's {action} at {registry} as {user} with {using}, accepted",
            "id": "{action} oleh Docker di {registry} sebagai {user} dengan {using}, diterima",
        },
        "check.registry_auth.expected_insufficient_scope": {
            "en": "Docker's {action} at {registry} as {user} with {using}, refused for the token's scope",
            "id": "{action} oleh Docker di {registry} sebagai {user} dengan {using}, ditolak karena cakupan token",
        },
        "check.registry_auth.expected_revoked": {
            "en": "Docker's {action} at {registry} as {user} with {using}, refused: the token is revoked",
            "id": "{action} oleh Docker di {registry} sebagai {user} dengan {using}, ditolak: tokennya sudah dicabut",
        },
        "check.registry_auth.expected_bad_credentials": {
            "en": "Docker's {action} at {registry} as {user} with {using}, refused: wrong credentials",
            "id": "{action} oleh Docker di {registry} sebagai {user} dengan {using}, ditolak: kredensial salah",
        },
        "check.found.auth_entry": {
            "en": "latest: {action} with {using} at {time}: {outcome}",
            "id": "terakhir: {action} dengan {using} pukul {time}: {outcome}",
        },
        "check.found.no_auth": {
            "en": "Docker has not authenticated as {user} since {time}",
            "id": "Docker belum pernah masuk sebagai {user} sejak {time}",
        },
        "check.found.not_practice": {
            "en": "not applicable: only the practice registry records tokens and logins, {registry} does not tell",
            "id": "tidak berlaku: hanya registry latihan yang mencatat token dan login, {registry} tidak memberi tahu",
        },
        "check.config_value.expected": {"en": "{name} set to {value} in config.json",
                                        "id": "{name} bernilai {value} di config.json"},
        "check.found.config_value": {"en": "{name} is {value}", "id": "{name} bernilai {value}"},
        "check.found.config_unset": {"en": "{name} is not set", "id": "{name} belum ada"},
        "check.found.config_broken": {
            "en": "{path} is not valid JSON: {error}",
            "id": "{path} bukan JSON yang valid: {error}",
        },
        "check.login_in_helper.expected": {
            "en": "the login for {registry} kept by a credential helper, no secret in config.json",
            "id": "login untuk {registry} disimpan oleh credential helper, tanpa rahasia di config.json",
        },
        "check.found.no_helper": {
            "en": "no credential helper is configured (credsStore)",
            "id": "belum ada credential helper yang diatur (credsStore)",
        },
        "check.found.helper_lacks": {
            "en": "docker-credential-{helper} does not list {registry}: log in again",
            "id": "docker-credential-{helper} tidak mencantumkan {registry}: login ulang",
        },
        "check.found.secret_in_file": {
            "en": "docker-credential-{helper} keeps {registry}, but config.json still holds a password for it",
            "id": "docker-credential-{helper} menyimpan {registry}, tetapi config.json masih berisi password untuknya",
        },
        "check.found.in_helper": {
            "en": "logged in to {registry} as {user}, kept by docker-credential-{helper}; no secret in config.json",
            "id": "login ke {registry} sebagai {user}, disimpan oleh docker-credential-{helper}; tanpa rahasia di "
            "config.json",
        },
        "check.found.changed_on_purpose": {
            "en": "changed on purpose by step {step}",
            "id": "sengaja diubah di langkah {step}",
        },
        "check.found.pulled_not_removed": {
            "en": "{pulled} was pulled at {time}, but its image had not been removed before",
            "id": "{pulled} sudah di-pull pada {time}, tetapi image-nya tidak dihapus sebelumnya",
        },
        # --- polish: verdicts that say what a trigger would (read without output: why, --watch) ---
        "check.found.push_login_other_spelling": {
            "en": "{ref} is not in the registry: you are logged in to {other}, but Docker treats {registry} as "
            "another registry and pushes there without a login (run docker login {registry})",
            "id": "{ref} tidak ada di registry: Anda login ke {other}, tetapi oleh Docker {registry} dianggap "
            "registry lain dan push ke sana dilakukan tanpa login (jalankan docker login {registry})",
        },
    }
)

# --- practice registry ------------------------------------------------------------------------------------
MESSAGES.update(
    {
        "practice.bad_username": {
            "en": "'{name}' is not a valid username: like a Docker ID it must be 4 to 30 lowercase letters and digits.",
            "id": "'{name}' bukan username yang valid: seperti Docker ID, harus 4 sampai 30 huruf kecil dan angka.",
        },
        "practice.no_registry": {
            "en": "No registry to run: install the distribution registry (`apt-get install docker-registry`) or "
            "load a registry image (registry:2).",
            "id": "Tidak ada registry untuk dijalankan: pasang distribution registry (`apt-get install "
            "docker-registry`) atau muat image registry (registry:2).",
        },
        "practice.no_registry_image": {
            "en": "The registry image {image} is not on this machine and could not be pulled.",
            "id": "Image registry {image} tidak ada di komputer ini dan tidak bisa di-pull.",
        },
        "practice.start_failed": {
            "en": "The practice registry did not start: {log}",
            "id": "Registry latihan tidak mau berjalan: {log}",
        },
        "practice.up": {
            "en": "Practice registry running at {address} ({launch}).",
            "id": "Registry latihan berjalan di {address} ({launch}).",
        },
        "practice.already_up": {
            "en": "Practice registry already running at {address} ({launch}).",
            "id": "Registry latihan sudah berjalan di {address} ({launch}).",
        },
        "practice.port_taken": {
            "en": "Port {wanted} is taken by another program; using {port} instead.",
            "id": "Port {wanted} dipakai program lain; memakai {port}.",
        },
        "practice.image_made": {
            "en": "Made the practice image {image} (offline, labelled as practice).",
            "id": "Image latihan {image} sudah dibuat (tanpa internet, diberi label latihan).",
        },
        "practice.image_making": {"en": "Making the practice image…", "id": "Membuat image latihan…"},
        "practice.down": {"en": "Practice registry stopped.", "id": "Registry latihan dihentikan."},
        "practice.not_running": {"en": "The practice registry is not running.", "id": "Registry latihan tidak berjalan."},
        "practice.purged": {
            "en": "Stored practice images and accounts deleted.",
            "id": "Image dan akun latihan yang tersimpan sudah dihapus.",
        },
        "practice.user_added": {"en": "Account {name} created.", "id": "Akun {name} dibuat."},
        "practice.password_once": {
            "en": "Password for {name} (shown only now; type it at docker login's Password: prompt): {password}",
            "id": "Password untuk {name} (hanya ditampilkan sekarang; ketik di prompt Password: docker login): {password}",
        },
        "practice.no_password": {
            "en": "No password arrived on standard input.",
            "id": "Tidak ada password yang masuk lewat standard input.",
        },
        # --- polish: a password asked for with no terminal to ask at ---
        "password.no_terminal": {
            "en": "There is no terminal to ask the password at: pass it on standard input with --password-stdin "
            "(as with docker login).",
            "id": "Tidak ada terminal untuk menanyakan password: berikan lewat standard input dengan "
            "--password-stdin (seperti pada docker login).",
        },
        "practice.status.running": {"en": "running", "id": "berjalan"},
        "practice.status.stopped": {"en": "stopped", "id": "berhenti"},
        "practice.status.crashed": {
            "en": "stopped unexpectedly (not running: {what}); tutor practice up starts it again",
            "id": "berhenti tanpa diminta (tidak berjalan: {what}); tutor practice up menyalakannya lagi",
        },
        "practice.status.line": {
            "en": "Practice registry: {state}",
            "id": "Registry latihan: {state}",
        },
        "practice.status.address": {"en": "Address: {address} ({launch})", "id": "Alamat: {address} ({launch})"},
        "practice.status.accounts": {"en": "Accounts: {count}", "id": "Akun: {count}"},
        "practice.status.repositories": {"en": "Repositories: {names}", "id": "Repository: {names}"},
        "practice.what.registry": {"en": "the registry", "id": "registry"},
        "practice.what.token": {"en": "the token service", "id": "layanan token"},
        "cli.practice.help": {
            "en": "The local practice registry (behaves like Docker Hub: you may push only to your own username/...).",
            "id": "Registry latihan lokal (berperilaku seperti Docker Hub: Anda hanya boleh push ke username/... "
            "Anda sendiri).",
        },
        "cli.practice.up.help": {
            "en": "Start the practice registry and its token service (if not running) and prepare the practice image.",
            "id": "Jalankan registry latihan dan layanan tokennya (jika belum) dan siapkan image latihan.",
        },
        "cli.practice.status.help": {"en": "Is the practice registry running, where, with what.", "id": "Apakah registry latihan berjalan, di mana, dengan apa."},
        "cli.practice.add_user.help": {
            "en": "Create a practice account, or reset the password of an existing one (the old password stops "
            "working); without --password-stdin a password is generated and shown once.",
            "id": "Buat akun latihan, atau ganti password akun yang sudah ada (password lama tidak berlaku lagi); "
            "tanpa --password-stdin password dibuat otomatis dan ditampilkan sekali.",
        },
        "cli.practice.down.help": {
            "en": "Stop the practice registry; --purge also deletes its stored images and accounts.",
            "id": "Hentikan registry latihan; --purge juga menghapus image dan akun yang tersimpan.",
        },
        "cli.opt.port": {"en": "Port on 127.0.0.1 (default 5000).", "id": "Port di 127.0.0.1 (bawaan 5000)."},
        "cli.opt.password_stdin": {"en": "Read the password from standard input.", "id": "Baca password dari standard input."},
        "cli.opt.purge": {"en": "Also delete stored images and accounts.", "id": "Juga hapus image dan akun yang tersimpan."},
        "cli.opt.real_app": {
            "en": "Build the lesson's real FastAPI app instead of the offline practice image (needs internet).",
            "id": "Bangun aplikasi FastAPI asli pelajaran, bukan image latihan offline (perlu internet).",
        },
        "cli.arg.username": {"en": "Username (4-30 lowercase letters and digits).", "id": "Username (4-30 huruf kecil dan angka)."},
        # --- desktop: engines that do not share the learner's loopback; the registry's lifecycle ---
        "practice.engine_cannot_reach_host": {
            "en": "Your Docker engine cannot reach this computer, neither at 127.0.0.1 nor as {alias} ({error}). Make sure Docker Desktop is running (or check DOCKER_HOST and `docker context`), then try again.",
            "id": "Docker engine Anda tidak bisa menjangkau komputer ini, baik lewat 127.0.0.1 maupun lewat {alias} ({error}). Pastikan Docker Desktop berjalan (atau periksa DOCKER_HOST dan `docker context`), lalu coba lagi.",
        },
        "practice.engine_unreachable": {
            "en": "Your Docker engine cannot reach the practice registry at {address} ({error}), so docker login and docker push would fail. Restart it for the engine you use now: tutor practice down, then run this command again.",
            "id": "Docker engine Anda tidak bisa menjangkau registry latihan di {address} ({error}), jadi docker login dan docker push akan gagal. Nyalakan ulang untuk engine yang Anda pakai sekarang: tutor practice down, lalu jalankan perintah ini lagi.",
        },
        "practice.binary_needs_shared_engine": {
            "en": "TUTOR_PRACTICE_LAUNCH=binary cannot serve this Docker engine: it does not share this computer's network (Docker Desktop, a remote or rootless engine). Unset it, and the registry runs as a container.",
            "id": "TUTOR_PRACTICE_LAUNCH=binary tidak bisa melayani Docker engine ini: engine ini tidak berbagi jaringan dengan komputer ini (Docker Desktop, engine jarak jauh atau rootless). Hapus pengaturan itu, maka registry berjalan sebagai container.",
        },
        "practice.split_note": {
            "en": "Your Docker engine has its own network (Docker Desktop, a remote or rootless engine): the registry runs as a container with its port published on 127.0.0.1.",
            "id": "Docker engine Anda punya jaringan sendiri (Docker Desktop, engine jarak jauh atau rootless): registry berjalan sebagai container dengan port yang dibuka di 127.0.0.1.",
        },
        "practice.bad_port_setting": {
            "en": "TUTOR_PRACTICE_PORT={value} is not a port: use a number from 1 to 65535, or unset it.",
            "id": "TUTOR_PRACTICE_PORT={value} bukan port: pakai angka 1 sampai 65535, atau hapus pengaturan itu.",
        },
        "practice.state_damaged": {
            "en": "The practice registry's record {path} is damaged ({reason}); what is shown above comes from its running processes instead. tutor practice up or down sets the file aside.",
            "id": "Catatan registry latihan {path} rusak ({reason}); yang ditampilkan di atas diambil dari prosesnya yang sedang berjalan. tutor practice up atau down akan menyisihkan file itu.",
        },
        "practice.state_damaged_kept": {
            "en": "The practice registry's record {path} was damaged ({reason}); it is kept as {aside}, and the registry's processes were found by what they run instead.",
            "id": "Catatan registry latihan {path} rusak ({reason}); file itu disimpan sebagai {aside}, dan proses registry dicari dari apa yang dijalankannya.",
        },
        "practice.down_incomplete": {
            "en": "The practice registry's container {what} could not be removed ({error}); its other processes were stopped. Try again, or remove it with docker rm -f {what}.",
            "id": "Container registry latihan {what} tidak bisa dihapus ({error}); proses lainnya sudah dihentikan. Coba lagi, atau hapus dengan docker rm -f {what}.",
        },
        "practice.purge_incomplete": {
            "en": "The practice registry was stopped, but {count} stored item(s) could not be deleted, the first being {path} ({error}).",
            "id": "Registry latihan sudah dihentikan, tetapi {count} data tersimpan tidak bisa dihapus, yang pertama {path} ({error}).",
        },
        "practice.status.topology": {
            "en": "Docker engine: {topology}",
            "id": "Docker engine: {topology}",
        },
        "check.found.no_login_unreachable": {
            "en": "no login for {registry} in {path}, and your Docker engine cannot reach {address} ({error}), so docker login cannot succeed: is the practice registry running (tutor practice status)?",
            "id": "tidak ada login untuk {registry} di {path}, dan Docker engine Anda tidak bisa menjangkau {address} ({error}), jadi docker login tidak akan berhasil: apakah registry latihan berjalan (tutor practice status)?",
        },
        "check.found.push_unreachable": {
            "en": "{ref} is not in the registry, and your Docker engine cannot reach {registry} ({error}), so docker push cannot get there: is the practice registry running (tutor practice status)?",
            "id": "{ref} tidak ada di registry, dan Docker engine Anda tidak bisa menjangkau {registry} ({error}), jadi docker push tidak akan sampai: apakah registry latihan berjalan (tutor practice status)?",
        },
        "classroom.ca_installed_desktop": {
            "en": "The room's CA is installed for Docker Desktop (it copies it into its VM): {path}",
            "id": "CA ruangan terpasang untuk Docker Desktop (Docker Desktop menyalinnya ke VM-nya): {path}",
        },
        "classroom.desktop_restart": {
            "en": "The room's CA is now in {path}, but Docker Desktop reads that folder only when it starts: restart Docker Desktop, then run the same tutor join command again to log in to {registry}.",
            "id": "CA ruangan sekarang ada di {path}, tetapi Docker Desktop hanya membaca folder itu saat mulai: restart Docker Desktop, lalu jalankan lagi perintah tutor join yang sama untuk login ke {registry}.",
        },
        "session.no_pty": {
            "en": "This terminal cannot run the tutor's own shell (no POSIX terminal, as on Windows), so the tutor follows Docker instead: type the commands in another terminal (PowerShell, Command Prompt or Windows Terminal) and press the keys below in this one. Next time, start it this way directly: tutor start {lesson} --watch",
            "id": "Terminal ini tidak bisa menjalankan shell milik tutor (bukan terminal POSIX, seperti di Windows), jadi tutor mengikuti Docker saja: ketik perintahnya di terminal lain (PowerShell, Command Prompt atau Windows Terminal) dan tekan tombol di bawah ini di terminal ini. Lain kali, langsung mulai dengan cara ini: tutor start {lesson} --watch",
        },
        "practice.topology.split": {
            "en": "in its own network (Docker Desktop, a remote or rootless engine); the registry is a container with a published port",
            "id": "di jaringannya sendiri (Docker Desktop, engine jarak jauh atau rootless); registry berupa container dengan port yang dibuka",
        },
        # --- rough: a second add-user resets the password ---
        "practice.password_reset": {
            "en": "Password of {name} reset; the old one no longer works.",
            "id": "Password {name} diganti; password lama tidak berlaku lagi.",
        },
        # --- harden: damaged accounts ---
        "practice.accounts_damaged": {
            "en": "The accounts file {path} is damaged (not usernames with password hashes), so it was not used and nothing was changed: repair it, or move it away to start with no accounts.",
            "id": "File akun {path} rusak (bukan daftar username dengan hash password), jadi tidak dipakai dan tidak ada yang diubah: perbaiki, atau pindahkan agar mulai tanpa akun.",
        },
        "practice.accounts_kept_aside": {
            "en": "The accounts file {path} was damaged and nothing was written over it: it is kept as {kept}; run the command again to start a new accounts file, or move that file back once repaired.",
            "id": "File akun {path} rusak dan tidak ada yang ditulis di atasnya: file itu disimpan sebagai {kept}; jalankan perintahnya lagi untuk memulai file akun baru, atau kembalikan file itu setelah diperbaiki.",
        },
        # --- course: the practice registry's access tokens ---
        "token.bad_scope": {
            "en": "'{scope}' is not a token scope; use one of: {known}.",
            "id": "'{scope}' bukan cakupan token; pakai salah satu dari: {known}.",
        },
        "token.name_taken": {
            "en": "{user} already has an active token named {name}; revoke it first or choose another --name.",
            "id": "{user} sudah punya token aktif bernama {name}; cabut dulu atau pilih --name lain.",
        },
        "token.unknown": {
            "en": "{user} has no active token named {name} (see tutor practice token list).",
            "id": "{user} tidak punya token aktif bernama {name} (lihat tutor practice token list).",
        },
        "token.no_account": {
            "en": "The practice registry has no account {user}; make it with tutor practice add-user {user}, or "
            "name another with --user.",
            "id": "Registry latihan tidak punya akun {user}; buat dengan tutor practice add-user {user}, atau "
            "sebut akun lain dengan --user.",
        },
        "token.created": {
            "en": "Token {name} ({scope}) for {user}, shown only now; use it as the password at docker login:",
            "id": "Token {name} ({scope}) untuk {user}, hanya ditampilkan sekarang; pakai sebagai password saat "
            "docker login:",
        },
        "token.created_piped": {
            "en": "Token {name} ({scope}) for {user} made; it went to the output, once, and is not stored.",
            "id": "Token {name} ({scope}) untuk {user} sudah dibuat; token itu dikirim ke output, sekali saja, "
            "dan tidak disimpan.",
        },
        "token.revoked": {
            "en": "Token {name} of {user} revoked: a login with it is refused from now on.",
            "id": "Token {name} milik {user} dicabut: login dengannya ditolak mulai sekarang.",
        },
        "token.none": {"en": "{user} has no tokens.", "id": "{user} belum punya token."},
        "token.col.name": {"en": "NAME", "id": "NAMA"},
        "token.col.scope": {"en": "SCOPE", "id": "CAKUPAN"},
        "token.col.created": {"en": "CREATED", "id": "DIBUAT"},
        "token.col.last_used": {"en": "LAST USED", "id": "TERAKHIR DIPAKAI"},
        "token.col.state": {"en": "STATE", "id": "STATUS"},
        "token.col.id": {"en": "ID", "id": "ID"},
        "token.state.active": {"en": "active", "id": "aktif"},
        "token.state.revoked": {"en": "revoked", "id": "dicabut"},
        "token.never": {"en": "never", "id": "belum pernah"},
        "cli.token.help": {
            "en": "Access tokens of the practice registry: use one as the password at docker login.",
            "id": "Token akses registry latihan: pakai sebagai password saat docker login.",
        },
        "cli.token.create.help": {
            "en": "Make a token (shown once). Read: pull only; write: push and pull.",
            "id": "Buat token (ditampilkan sekali). Read: hanya pull; write: push dan pull.",
        },
        "cli.token.list.help": {
            "en": "List the tokens of an account (never their secrets).",
            "id": "Daftar token sebuah akun (tanpa rahasianya).",
        },
        "cli.token.revoke.help": {
            "en": "Revoke a token by name or id: logins with it are refused from then on.",
            "id": "Cabut token berdasarkan nama atau id: login dengannya ditolak sejak itu.",
        },
        "cli.opt.token_scope": {"en": "read (pull) or write (push and pull).", "id": "read (pull) atau write (push dan pull)."},
        "cli.opt.token_name": {"en": "A name to recognise it by.", "id": "Nama untuk mengenalinya."},
        "cli.opt.token_user": {
            "en": "The practice account (default: yours, as tutor start uses it).",
            "id": "Akun latihan (bawaan: milik Anda, seperti yang dipakai tutor start).",
        },
        "cli.arg.token": {"en": "The token's name or id.", "id": "Nama atau id token."},
    }
)

# --- progress, reset, cleanup -----------------------------------------------------------------------------
MESSAGES.update(
    {
        "cli.progress.help": {"en": "Lessons and the steps you have done.", "id": "Pelajaran dan langkah yang sudah Anda selesaikan."},
        "cli.reset.help": {
            "en": "Start a lesson over (asking first when you finished it before); --cleanup also removes what the "
            "lesson created (never what you had before).",
            "id": "Mulai pelajaran dari awal (bertanya dulu bila Anda pernah menyelesaikannya); --cleanup juga "
            "menghapus yang dibuat pelajaran (tidak pernah yang sudah Anda miliki sebelumnya).",
        },
        "cli.opt.cleanup": {
            "en": "Also remove the practice tags, the practice login and the practice image the lesson made.",
            "id": "Juga hapus tag latihan, login latihan dan image latihan yang dibuat pelajaran.",
        },
        "cli.opt.yes": {"en": "Do not ask for confirmation.", "id": "Jangan minta konfirmasi."},
        "progress.none": {"en": "No lesson started yet: tutor start {lesson}", "id": "Belum ada pelajaran yang dimulai: tutor start {lesson}"},
        "progress.title": {"en": "Progress", "id": "Kemajuan"},
        "progress.col.lesson": {"en": "Lesson", "id": "Pelajaran"},
        "progress.col.step": {"en": "Current step", "id": "Langkah sekarang"},
        "progress.col.done": {"en": "Done", "id": "Selesai"},
        "progress.col.hints": {"en": "Hints", "id": "Petunjuk"},
        "progress.col.started": {"en": "Started", "id": "Dimulai"},
        "progress.finished": {"en": "finished", "id": "selesai"},
        "reset.done": {"en": "Progress of {lesson} cleared.", "id": "Kemajuan {lesson} dihapus."},
        "reset.nothing": {"en": "No progress of {lesson} to clear.", "id": "Tidak ada kemajuan {lesson} untuk dihapus."},
        "reset.nothing_to_clean": {
            "en": "Nothing of {lesson} to clean up.",
            "id": "Tidak ada yang perlu dibersihkan dari {lesson}.",
        },
        "reset.will_remove": {"en": "This will remove:", "id": "Ini akan menghapus:"},
        "reset.will_keep": {"en": "Kept (yours, or not provably the lesson's): {items}", "id": "Dibiarkan (milik Anda, atau tidak terbukti dibuat pelajaran): {items}"},
        "reset.item.tag": {"en": "the tag {tag}", "id": "tag {tag}"},
        "reset.item.logout": {"en": "the login to {registry} (docker logout)", "id": "login ke {registry} (docker logout)"},
        "reset.item.progress": {"en": "the progress of {lesson}", "id": "kemajuan {lesson}"},
        # --- course: what a lesson moved and made ---
        "reset.item.retag": {
            "en": "the tag {tag} put back on image {id}, as before the lesson",
            "id": "tag {tag} dikembalikan ke image {id}, seperti sebelum pelajaran",
        },
        "reset.item.log_in_again": {
            "en": "(it uses a token of the lesson; log in again with your practice password: docker login {registry})",
            "id": "(login itu memakai token pelajaran ini; login lagi dengan password latihan Anda: docker login "
            "{registry})",
        },
        "reset.item.tokens": {
            "en": "{count} access token(s) the lesson made (tutor practice token)",
            "id": "{count} token akses yang dibuat pelajaran ini (tutor practice token)",
        },
        "reset.confirm": {"en": "Remove these?", "id": "Hapus semua ini?"},
        "reset.cancelled": {"en": "Nothing removed.", "id": "Tidak ada yang dihapus."},
        "reset.cleaned": {"en": "Cleaned up.", "id": "Sudah dibersihkan."},
        # --- polish: reset asks before forgetting the lesson's finished attempts ---
        "reset.history": {
            "en": "You finished {lesson} {count} times; resetting forgets that history.",
            "id": "Anda sudah menyelesaikan {lesson} {count} kali; mengatur ulang menghapus catatan itu.",
        },
        "reset.confirm_history": {"en": "Forget it and start over?", "id": "Hapus catatan itu dan mulai dari awal?"},
        "reset.needs_yes": {
            "en": "Resetting {lesson} forgets that you finished it {count} times: run `tutor reset {lesson} --yes` "
            "to do that; nothing was changed.",
            "id": "Mengatur ulang {lesson} menghapus catatan bahwa Anda sudah menyelesaikannya {count} kali: "
            "jalankan `tutor reset {lesson} --yes` untuk melakukannya; tidak ada yang diubah.",
        },
        # --- mendG: --cleanup names the finished attempts it forgets ---
        "reset.item.finished": {
            "en": "the record that you finished {lesson} {count} times",
            "id": "catatan bahwa Anda sudah menyelesaikan {lesson} {count} kali",
        },
        # --- credhelper: Docker's config put back as the lesson found it ---
        "reset.item.creds_store_back": {
            "en": "\"credsStore\": \"{now}\" in config.json, put back to \"{before}\"",
            "id": "\"credsStore\": \"{now}\" di config.json, dikembalikan menjadi \"{before}\"",
        },
        "reset.item.creds_store_removed": {
            "en": "\"credsStore\": \"{now}\" in config.json (it had none before the lesson)",
            "id": "\"credsStore\": \"{now}\" di config.json (sebelum pelajaran tidak ada)",
        },
        "reset.item.login_back": {
            "en": "the login to {registry} moves from docker-credential-{helper} back into config.json, as before",
            "id": "login ke {registry} dipindahkan dari docker-credential-{helper} kembali ke config.json, seperti "
            "sebelumnya",
        },
        "reset.login_lost": {
            "en": "docker-credential-{helper} did not give the login to {registry} back (is the vault locked?); "
            "log in again: docker login {registry}",
            "id": "docker-credential-{helper} tidak mengembalikan login ke {registry} (brankasnya terkunci?); "
            "login lagi: docker login {registry}",
        },
        "error.progress_locked": {
            "en": "Another tutor is writing {path}; close it or try again.",
            "id": "Tutor lain sedang menulis {path}; tutup atau coba lagi.",
        },
        # --- rough: a damaged progress file, completed lessons ---
        "error.progress_damaged": {
            "en": "Your progress file {path} is damaged ({error}); nothing was changed. tutor start sets it aside "
            "and starts afresh; or fix or delete the file.",
            "id": "File kemajuan Anda {path} rusak ({error}); tidak ada yang diubah. tutor start akan menyisihkannya "
            "dan mulai dari awal; atau perbaiki atau hapus file itu.",
        },
        "error.progress_wrong_type": {
            "en": "Your progress file {path} is damaged: '{field}' of {lesson} has the wrong type; nothing was "
            "changed. tutor start sets it aside and starts afresh; or fix or delete the file.",
            "id": "File kemajuan Anda {path} rusak: '{field}' pada {lesson} bertipe salah; tidak ada yang diubah. "
            "tutor start akan menyisihkannya dan mulai dari awal; atau perbaiki atau hapus file itu.",
        },
        "progress.set_aside": {
            "en": "Your progress file was damaged: it is kept as {path}, and your progress starts afresh.",
            "id": "File kemajuan Anda rusak: file itu disimpan sebagai {path}, dan kemajuan Anda dimulai dari awal.",
        },
        "progress.new_attempt": {
            "en": "You finished this lesson on {date} ({minutes} min, {hints} hint(s)). This is a new attempt.",
            "id": "Anda sudah menamatkan pelajaran ini pada {date} ({minutes} menit, {hints} petunjuk). Ini percobaan "
            "baru.",
        },
        "progress.col.completed": {"en": "Completed", "id": "Tamat"},
        "progress.completed": {
            "en": "{count}× · last {date}, {minutes} min, {hints} hint(s)",
            "id": "{count}× · terakhir {date}, {minutes} menit, {hints} petunjuk",
        },
    }
)

# --- the live session -------------------------------------------------------------------------------------
MESSAGES.update(
    {
        "cli.start.help": {
            "en": "Start (or resume) a lesson in your own shell: type the real commands, the tutor checks and hints.",
            "id": "Mulai (atau lanjutkan) pelajaran di shell Anda sendiri: ketik perintah asli, tutor memeriksa dan "
            "memberi petunjuk.",
        },
        "cli.opt.demo": {
            "en": "The tutor types every command itself, at a readable pace (for a projector).",
            "id": "Tutor mengetik sendiri setiap perintah, dengan kecepatan yang mudah diikuti (untuk proyektor).",
        },
        "session.no_shell": {
            "en": "tutor start found no shell to open ({shell}); use tutor start --watch with your own terminal, or "
            "tutor show to read the lesson.",
            "id": "tutor start tidak menemukan shell untuk dibuka ({shell}); pakai tutor start --watch dengan terminal "
            "Anda sendiri, atau tutor show untuk membaca pelajaran.",
        },
        "session.needs_terminal": {
            "en": "tutor start needs a terminal (its input is not one here); use --watch, or --demo to watch it typed.",
            "id": "tutor start membutuhkan terminal (input di sini bukan terminal); pakai --watch, atau --demo untuk "
            "melihatnya diketik.",
        },
        "session.need_user": {
            "en": "Say who you are on {registry}: add --user YOUR_ID (or log in there first).",
            "id": "Sebutkan siapa Anda di {registry}: tambahkan --user ID_ANDA (atau login ke sana dulu).",
        },
        "session.welcome": {
            "en": "{title}\nRegistry: {registry} · user: {user}",
            "id": "{title}\nRegistry: {registry} · pengguna: {user}",
        },
        "session.password_title": {"en": "Your practice account", "id": "Akun latihan Anda"},
        "session.password": {
            "en": "Username: {user}\nPassword: {password}\nType this password at docker login's Password: prompt. It is "
            "shown only now.",
            "id": "Username: {user}\nPassword: {password}\nKetik password ini di prompt Password: docker login. Hanya "
            "ditampilkan sekarang.",
        },
        # --- polish: a practice password replaced at start ---
        "session.password_replaced": {
            "en": "The password {user} had before no longer works: this one replaced it.",
            "id": "Password {user} yang lama tidak berlaku lagi: password ini menggantikannya.",
        },
        "session.resumed": {
            "en": "Welcome back: continuing at step {number}.",
            "id": "Selamat datang kembali: lanjut di langkah {number}.",
        },
        "cli.opt.watch": {
            "en": "No embedded shell: type the commands in your own terminal; the tutor follows Docker's state.",
            "id": "Tanpa shell bawaan: ketik perintah di terminal Anda sendiri; tutor mengikuti keadaan Docker.",
        },
        "session.watch_intro": {
            "en": "Watch mode: type the commands in your own terminal; this window follows what Docker does.",
            "id": "Mode pantau: ketik perintah di terminal Anda sendiri; jendela ini mengikuti apa yang dilakukan Docker.",
        },
        "session.watch_keys": {
            "en": "Keys: h hint · c check · w why · n next · a answer · s skip · b back · t steps · l language · q quit",
            "id": "Tombol: h petunjuk · c periksa · w kenapa · n lanjut · a jawab · s lewati · b kembali · t langkah · l bahasa · q keluar",
        },
        "session.words": {
            "en": "In this shell you can also type: {words}.",
            "id": "Di shell ini Anda juga bisa mengetik: {words} (kata bahasa Inggrisnya, seperti hint atau check, "
            "juga bisa).",
        },
        "session.footer.do": {
            "en": "Type the commands yourself. Stuck? {w_hint}",
            "id": "Ketik sendiri perintahnya. Bingung? {w_hint}",
        },
        "session.footer.read": {"en": "Read, then type {w_next}.", "id": "Baca, lalu ketik {w_next}."},
        "session.passed": {"en": "Done: {title}", "id": "Selesai: {title}"},
        "session.hint_n": {"en": "Hint {number} of {total}", "id": "Petunjuk {number} dari {total}"},
        "session.hint_triggered": {"en": "What happened", "id": "Apa yang terjadi"},
        "session.solution": {"en": "The solution", "id": "Jawabannya"},
        "session.nudge": {
            "en": "Stuck? Type {w_hint} for a hint (and again for the next one).",
            "id": "Bingung? Ketik {w_hint} untuk mendapat petunjuk (dan lagi untuk petunjuk berikutnya).",
        },
        "session.nothing_to_check": {
            "en": "This step has nothing to check: type next.",
            "id": "Langkah ini tidak punya pemeriksaan: ketik lanjut.",
        },
        "session.next_needs_checks": {
            "en": "This step finishes by itself when its checks pass; type {w_check}, or {w_skip} to move on anyway.",
            "id": "Langkah ini selesai sendiri jika pemeriksaannya lulus; ketik {w_check}, atau {w_skip} untuk tetap "
            "lanjut.",
        },
        "session.lang_usage": {"en": "Usage: {w_lang} id | {w_lang} en", "id": "Cara pakai: {w_lang} id | {w_lang} en"},
        "session.answer_now": {
            "en": "Now answer the question in this step: type {w_answer} and your option (for example {w_answer} a).",
            "id": "Sekarang jawab pertanyaan di langkah ini: ketik {w_answer} dan pilihan Anda (misalnya {w_answer} a).",
        },
        "session.answer_needed": {
            "en": "This step ends with a question: type {w_answer} and your option (for example {w_answer} a).",
            "id": "Langkah ini diakhiri sebuah pertanyaan: ketik {w_answer} dan pilihan Anda (misalnya {w_answer} a).",
        },
        "session.answer_usage": {"en": "Usage: {w_answer} a (one option)", "id": "Cara pakai: {w_answer} a (satu pilihan)"},
        "session.no_question": {"en": "This step asks no question.", "id": "Langkah ini tidak punya pertanyaan."},
        "session.answer_wrong": {
            "en": "Not {answer}. Read the step again and try another option ({w_hint} helps).",
            "id": "Bukan {answer}. Baca lagi langkahnya lalu coba pilihan lain ({w_hint} bisa membantu).",
        },
        "session.answer_right_commands_left": {
            "en": "Right! Now finish the step's commands; it passes when they are done.",
            "id": "Benar! Sekarang selesaikan perintah langkah ini; langkahnya lulus setelah itu.",
        },
        "session.hint_wrong_answer": {"en": "Not quite: {answer}", "id": "Belum tepat: {answer}"},
        "session.answer_prompt": {"en": "Your answer (press the option's key):", "id": "Jawaban Anda (tekan tombol pilihannya):"},
        "session.finished_exit": {
            "en": "Lesson complete! Type exit to leave this shell.",
            "id": "Pelajaran selesai! Ketik keluar (atau exit) untuk meninggalkan shell ini.",
        },
        "session.duration": {"en": "{minutes} min {seconds} s", "id": "{minutes} menit {seconds} detik"},
        "session.summary.title": {"en": "You published an image", "id": "Anda sudah mempublikasikan image"},
        "session.summary.steps": {"en": "Steps", "id": "Langkah"},
        "session.summary.time": {"en": "Time", "id": "Waktu"},
        "session.summary.hints": {"en": "Hints used", "id": "Petunjuk dipakai"},
        "session.summary.pushed": {"en": "Pushed", "id": "Di-push"},
        "session.summary.digest": {"en": "Digest", "id": "Digest"},
        "session.summary.lives": {"en": "Where it lives", "id": "Tempatnya"},
        # --- course: the card names the next lesson ---
        "cli.arg.lesson_or_course": {
            "en": "A lesson id (see `tutor list`) or a lesson directory; none: go on with the course where you are.",
            "id": "Id pelajaran (lihat `tutor list`) atau folder pelajaran; tanpa itu: lanjutkan kursus dari posisi "
            "Anda.",
        },
        "course.going_on": {
            "en": "Going on with the course: {lesson}.",
            "id": "Melanjutkan kursus: {lesson}.",
        },
        "course.all_done": {
            "en": "Every lesson of the course is done. Pick one again with tutor start LESSON (tutor list shows them).",
            "id": "Semua pelajaran kursus sudah selesai. Pilih lagi dengan tutor start PELAJARAN (tutor list "
            "menampilkannya).",
        },
        "course.needs": {
            "en": "This lesson starts where {lessons} ends; it goes on anyway.",
            "id": "Pelajaran ini dimulai dari akhir {lessons}; tetap dilanjutkan.",
        },
        "cli.list.state.needs": {"en": "(after {lessons})", "id": "(setelah {lessons})"},
        "session.summary.next": {"en": "Next", "id": "Berikutnya"},
        "session.summary.next_lesson": {"en": "{lesson}: tutor start {lesson}", "id": "{lesson}: tutor start {lesson}"},
        "session.summary.course_done": {
            "en": "the course is complete: every lesson done",
            "id": "kursus selesai: semua pelajaran sudah dikerjakan",
        },
        # --- rough: in-shell words kept by the learner's shell; instructions that fit --watch ---
        "session.word_taken": {
            "en": "In this shell, {word} is already a command of yours, so it stays yours: for the tutor, type "
            "{other}.",
            "id": "Di shell ini, {word} sudah menjadi perintah Anda sendiri, jadi tetap milik Anda: untuk tutor, "
            "ketik {other}.",
        },
        "session.word_unavailable": {
            "en": "In this shell, {word} and its other spellings are already commands of yours: the tutor's {word} "
            "is not available here.",
            "id": "Di shell ini, {word} dan padanannya sudah menjadi perintah Anda sendiri: {word} milik tutor tidak "
            "tersedia di sini.",
        },
        "session.how_to_answer": {
            "en": "To answer, type answer and the letter of your choice.",
            "id": "Untuk menjawab, ketik jawab dan huruf pilihan Anda.",
        },
        "session.how_to_answer.watch": {
            "en": "To answer, press a, then the letter of your choice.",
            "id": "Untuk menjawab, tekan a, lalu huruf pilihan Anda.",
        },
        "session.solution_answer.watch": {"en": "Press a, then {option}.", "id": "Tekan a, lalu {option}."},
        "session.footer.do.watch": {
            "en": "Type the commands in your own terminal. Stuck? press h",
            "id": "Ketik perintahnya di terminal Anda sendiri. Bingung? tekan h",
        },
        "session.footer.read.watch": {"en": "Read, then press n.", "id": "Baca, lalu tekan n."},
        "session.nudge.watch": {
            "en": "Stuck? Press h for a hint (and again for the next one).",
            "id": "Bingung? Tekan h untuk mendapat petunjuk (dan lagi untuk petunjuk berikutnya).",
        },
        "session.nothing_to_check.watch": {
            "en": "This step has nothing to check: press n.",
            "id": "Langkah ini tidak punya pemeriksaan: tekan n.",
        },
        "session.next_needs_checks.watch": {
            "en": "This step finishes by itself when its checks pass; press c to check, or s to move on anyway.",
            "id": "Langkah ini selesai sendiri jika pemeriksaannya lulus; tekan c untuk memeriksa, atau s untuk tetap "
            "lanjut.",
        },
        "session.answer_now.watch": {
            "en": "Now answer the question in this step: press a, then the letter of your option.",
            "id": "Sekarang jawab pertanyaan di langkah ini: tekan a, lalu huruf pilihan Anda.",
        },
        "session.answer_needed.watch": {
            "en": "This step ends with a question: press a, then the letter of your option.",
            "id": "Langkah ini diakhiri sebuah pertanyaan: tekan a, lalu huruf pilihan Anda.",
        },
        "session.answer_wrong.watch": {
            "en": "Not {answer}. Read the step again and try another option (h for a hint).",
            "id": "Bukan {answer}. Baca lagi langkahnya lalu coba pilihan lain (tekan h untuk petunjuk).",
        },
        "session.finished_exit.watch": {"en": "Lesson complete!", "id": "Pelajaran selesai!"},
        # --- rough: --demo and a password the tutor does not know ---
        "demo.login_skipped": {
            "en": "Docker is already logged in to {registry}: the demo leaves out {command}.",
            "id": "Docker sudah login ke {registry}: demo melewati {command}.",
        },
        "demo.password_prompt": {
            "en": "The tutor does not know the password of {user} on {registry}. Type it now (nothing is shown), "
            "then press Enter.",
            "id": "Tutor tidak tahu password {user} di {registry}. Ketik sekarang (tidak ada yang ditampilkan), lalu "
            "tekan Enter.",
        },
        "demo.no_password": {
            "en": "No password was given: the demo leaves this login out.",
            "id": "Tidak ada password yang diberikan: demo melewati login ini.",
        },
        # --- polish: --demo's own words (the tutor types; nothing is left for the person to type) ---
        "session.words.demo": {
            "en": "This is a demonstration: the tutor types every command itself. Watch each step pass.",
            "id": "Ini demonstrasi: tutor mengetik sendiri setiap perintah. Perhatikan setiap langkah lulus.",
        },
        "session.footer.do.demo": {
            "en": "The tutor types this step's commands now.",
            "id": "Tutor sekarang mengetik perintah langkah ini.",
        },
        "session.footer.read.demo": {"en": "Read along; the tutor moves on.", "id": "Baca saja; tutor lanjut sendiri."},
        "session.password.demo": {
            "en": "Username: {user}\nPassword: {password}\nThe tutor types this password at docker login's Password: "
            "prompt.",
            "id": "Username: {user}\nPassword: {password}\nTutor mengetik password ini di prompt Password: docker "
            "login.",
        },
        "session.finished_exit.demo": {
            "en": "Lesson complete! The demonstration ends here.",
            "id": "Pelajaran selesai! Demonstrasi berakhir di sini.",
        },
        "cli.opt.pace": {
            "en": "With --demo: seconds to pause after each step (default {default}).",
            "id": "Dengan --demo: jeda dalam detik setelah setiap langkah (bawaan {default}).",
        },
        # --- rough: the immediate "Not quite" when a command made the wrong name ---
        "session.not_quite.title": {"en": "Not quite", "id": "Belum tepat"},
        "session.not_quite.made": {
            "en": "You made {made}, but this step expects {expected}:",
            "id": "Anda membuat {made}, tetapi langkah ini mengharapkan {expected}:",
        },
        "session.not_quite.pushed": {
            "en": "You pushed {made}, but this step expects {expected}:",
            "id": "Anda mem-push {made}, tetapi langkah ini mengharapkan {expected}:",
        },
        # --- watchplay: a step the tutor cannot judge from here (in --watch: one judged by a command's output) ---
        "session.done_on_request": {
            "en": "The tutor cannot check this step from here. When you have run its commands, type {w_next} to go on.",
            "id": "Tutor tidak bisa memeriksa langkah ini dari sini. Setelah Anda menjalankan perintahnya, ketik "
            "{w_next} untuk lanjut.",
        },
        "session.done_on_request.watch": {
            "en": "This step is judged by what its commands print, and --watch does not see your terminal. When you "
            "have run them, press n to go on.",
            "id": "Langkah ini dinilai dari keluaran perintahnya, dan --watch tidak melihat terminal Anda. Setelah "
            "Anda menjalankannya, tekan n untuk lanjut.",
        },
        # --- otherreg: a lesson started on another registry, with checks only the practice registry can judge ---
        "session.practice_only": {
            "en": "On {registry} the tutor cannot see access tokens or how Docker logged in: only the practice "
            "registry keeps those records. So these steps are checked only in part here, or not at all: {steps}. "
            "Where nothing is left to check, the tutor says so and you go on yourself. To play every step for "
            "real: tutor start {lesson} (without --registry).",
            "id": "Di {registry}, tutor tidak bisa melihat token akses atau cara Docker login: hanya registry "
            "latihan yang menyimpan catatan itu. Jadi langkah-langkah ini hanya diperiksa sebagian di sini, atau "
            "tidak sama sekali: {steps}. Bila tidak ada lagi yang bisa diperiksa, tutor memberi tahu Anda, dan Anda "
            "sendiri yang melanjutkan. Untuk memainkan semua langkah sungguhan: tutor start {lesson} (tanpa "
            "--registry).",
        },
        # --- mendE: the same notice when the registry is the classroom's ---
        "session.practice_only.room": {
            "en": "The room's registry ({registry}) keeps its access tokens and its record of how Docker logged in "
            "on the instructor's computer, where the tutor on yours cannot see them. So these steps are checked "
            "only in part here, or not at all: {steps}. Where nothing is left to check, the tutor says so and you "
            "go on yourself. To play every step for real on your own, after the class: tutor start {lesson} "
            "--registry practice.",
            "id": "Registry ruangan kelas ({registry}) menyimpan token akses dan catatan cara Docker login di "
            "komputer instruktur, sehingga tutor di komputer Anda tidak bisa melihatnya. Jadi langkah-langkah ini "
            "hanya diperiksa sebagian di sini, atau tidak sama sekali: {steps}. Bila tidak ada lagi yang bisa "
            "diperiksa, tutor memberi tahu Anda, dan Anda sendiri yang melanjutkan. Untuk memainkan semua langkah "
            "sungguhan sendiri, setelah kelas selesai: tutor start {lesson} --registry practice.",
        },
    }
)

# --- classroom --------------------------------------------------------------------------------------------
MESSAGES.update(
    {
        "cli.classroom.help": {
            "en": "Workshops: one practice registry for the room (TLS), a live progress board, messages, an export.",
            "id": "Workshop: satu registry latihan untuk ruangan (TLS), papan kemajuan langsung, pesan, ekspor.",
        },
        "cli.classroom.up.help": {
            "en": "Start the room's registry, token service and classroom service; make accounts and a handout.",
            "id": "Jalankan registry, layanan token dan layanan kelas untuk ruangan; buat akun dan handout.",
        },
        "cli.classroom.board.help": {"en": "The live progress board.", "id": "Papan kemajuan langsung."},
        "cli.classroom.say.help": {"en": "Show a message in every learner's tutor.", "id": "Tampilkan pesan di tutor setiap peserta."},
        "cli.classroom.export.help": {
            "en": "Per learner, the steps done: those the registry itself confirmed, apart from those only "
            "reported by the learner's tutor.",
            "id": "Per peserta, langkah yang selesai: yang dikonfirmasi langsung oleh registry, terpisah dari yang "
            "hanya dilaporkan oleh tutor peserta.",
        },
        "cli.classroom.down.help": {"en": "Stop the room; --purge deletes its data.", "id": "Hentikan ruangan; --purge menghapus datanya."},
        "cli.join.help": {
            "en": "Join a classroom: trust its registry, check your login, and make it the default for tutor start.",
            "id": "Gabung ke kelas: percayai registry-nya, cek login Anda, dan jadikan bawaan untuk tutor start.",
        },
        "cli.opt.listen": {"en": "Address learners reach (e.g. the laptop's LAN address).", "id": "Alamat yang dijangkau peserta (misalnya alamat LAN laptop)."},
        "cli.opt.roster": {"en": "CSV with a username column.", "id": "CSV dengan kolom username."},
        "cli.opt.count": {"en": "Make this many accounts (learner01, ...).", "id": "Buat sejumlah ini akun (learner01, ...)."},
        "cli.opt.stuck": {
            "en": "Highlight a learner with no progress for this many minutes (or the same error three times).",
            "id": "Tandai peserta yang tidak maju selama sekian menit ini (atau kesalahan yang sama tiga kali).",
        },
        "cli.opt.once": {"en": "Print the board once and exit.", "id": "Cetak papan sekali lalu keluar."},
        "cli.opt.csv": {"en": "CSV instead of JSON.", "id": "CSV, bukan JSON."},
        "classroom.no_room": {
            "en": "No classroom is set up on this machine: tutor classroom up.",
            "id": "Belum ada kelas di komputer ini: tutor classroom up.",
        },
        "classroom.bad_roster": {"en": "Cannot read the roster {path}: {error}", "id": "Roster {path} tidak bisa dibaca: {error}"},
        "classroom.bad_roster_name": {
            "en": "The roster {path} has '{name}', which is not a valid username (4-30 lowercase letters and digits).",
            "id": "Roster {path} berisi '{name}', yang bukan username valid (4-30 huruf kecil dan angka).",
        },
        "classroom.service_failed": {"en": "The classroom service did not start: {log}", "id": "Layanan kelas tidak mau berjalan: {log}"},
        "classroom.service_unreachable": {
            "en": "The classroom service at {url} does not answer.",
            "id": "Layanan kelas di {url} tidak menjawab.",
        },
        "classroom.service_refused": {
            "en": "The classroom service refused the request ({status}).",
            "id": "Layanan kelas menolak permintaan ({status}).",
        },
        "classroom.up": {
            "en": "Classroom running: registry {registry}, service {service}.",
            "id": "Kelas berjalan: registry {registry}, layanan {service}.",
        },
        "classroom.handout": {
            "en": "Handout for learners: {markdown} and {csv}; cards to print and cut: {html} ({count} new account(s)).",
            "id": "Handout untuk peserta: {markdown} dan {csv}; kartu untuk dicetak dan digunting: {html} ({count} akun baru).",
        },
        "classroom.board_url": {"en": "Board for the projector (view only): {url}", "id": "Papan untuk proyektor (hanya untuk dilihat): {url}"},
        "classroom.said": {"en": "Message sent.", "id": "Pesan terkirim."},
        "classroom.down": {"en": "Classroom stopped.", "id": "Kelas dihentikan."},
        "classroom.board_title": {"en": "Classroom · {lesson}", "id": "Kelas · {lesson}"},
        "classroom.minutes": {"en": "{minutes} min", "id": "{minutes} menit"},
        "classroom.col.learner": {"en": "Learner", "id": "Peserta"},
        "classroom.col.step": {"en": "Step", "id": "Langkah"},
        "classroom.col.done": {"en": "Done", "id": "Selesai"},
        "classroom.col.time": {"en": "On step", "id": "Di langkah"},
        "classroom.col.hints": {"en": "Hints", "id": "Petunjuk"},
        "classroom.col.error": {"en": "Last error", "id": "Kesalahan terakhir"},
        "classroom.bad_join_url": {
            "en": "'{url}' is not a join address: copy the whole line from the handout (https://...#sha256=...).",
            "id": "'{url}' bukan alamat untuk bergabung: salin seluruh baris dari handout (https://...#sha256=...).",
        },
        "classroom.fingerprint_mismatch": {
            "en": "The certificate of {url} is not the room's (fingerprint differs): ask the instructor; nothing was installed.",
            "id": "Sertifikat {url} bukan milik ruangan (fingerprint berbeda): tanyakan instruktur; tidak ada yang dipasang.",
        },
        "classroom.login_failed": {
            "en": "docker login to {registry} failed: {error}",
            "id": "docker login ke {registry} gagal: {error}",
        },
        "classroom.password_prompt": {"en": "Password (from the handout): ", "id": "Password (dari handout): "},
        "classroom.ca_installed": {"en": "The room's CA is installed for Docker: {path}", "id": "CA ruangan terpasang untuk Docker: {path}"},
        "classroom.ca_manual": {
            "en": "Install the room's CA yourself. Linux: sudo mkdir -p /etc/docker/certs.d/{registry} && sudo cp {ca} "
            "/etc/docker/certs.d/{registry}/ca.crt. Docker Desktop (macOS/Windows): add {ca} to the system's trusted "
            "certificates (Keychain Access / certmgr), then restart Docker Desktop.",
            "id": "Pasang sendiri CA ruangan. Linux: sudo mkdir -p /etc/docker/certs.d/{registry} && sudo cp {ca} "
            "/etc/docker/certs.d/{registry}/ca.crt. Docker Desktop (macOS/Windows): tambahkan {ca} ke sertifikat "
            "tepercaya sistem (Keychain Access / certmgr), lalu restart Docker Desktop.",
        },
        "classroom.joined": {
            "en": "Joined: tutor start {lesson} now uses {registry} as {user}.",
            "id": "Bergabung: tutor start {lesson} sekarang memakai {registry} sebagai {user}.",
        },
        # --- harden: handouts kept, instructor messages ---
        "classroom.handout_kept": {
            "en": "No new accounts, so no new handout: the earlier handouts in {directory} are kept as they were.",
            "id": "Tidak ada akun baru, jadi tidak ada handout baru: handout sebelumnya di {directory} tetap seperti semula.",
        },
        # --- board: the projector's board and the printable handout cards ---
        "classroom.card.username": {"en": "Username", "id": "Nama pengguna"},
        "classroom.card.password": {"en": "One-time password", "id": "Password sekali pakai"},
        "classroom.card.join": {
            "en": "Type this command (one line), then the password when asked:",
            "id": "Ketik perintah ini (satu baris), lalu password saat diminta:",
        },
        "classroom.card.next": {"en": "Then start the lesson:", "id": "Lalu mulai pelajarannya:"},
        "classroom.board.started": {"en": "started {minutes} min ago", "id": "dimulai {minutes} menit lalu"},
        "classroom.board.not_started": {"en": "waiting for the first learner", "id": "menunggu peserta pertama"},
        "classroom.board.counts": {
            "en": "{finished} finished · {moving} moving · {stuck} stuck · {waiting} not started",
            "id": "{finished} selesai · {moving} berjalan · {stuck} macet · {waiting} belum mulai",
        },
        "classroom.board.page": {"en": "page {page} of {pages}", "id": "halaman {page} dari {pages}"},
        "classroom.board.funnel": {"en": "Where the room is", "id": "Posisi peserta"},
        "classroom.board.mistakes": {"en": "Common mistakes", "id": "Kesalahan yang sering terjadi"},
        "classroom.board.no_mistakes": {"en": "none yet", "id": "belum ada"},
        "classroom.board.mistake": {"en": "{category} · {step}", "id": "{category} · {step}"},
        "classroom.board.stuck_list": {"en": "Stuck", "id": "Macet"},
        "classroom.board.said": {"en": "Last message", "id": "Pesan terakhir"},
        "classroom.board.said_ago": {"en": "{minutes} min ago", "id": "{minutes} menit lalu"},
        "classroom.board.state.waiting": {"en": "not started", "id": "belum mulai"},
        "classroom.board.state.moving": {"en": "moving", "id": "berjalan"},
        "classroom.board.state.stuck": {"en": "stuck", "id": "macet"},
        "classroom.board.state.finished": {"en": "finished", "id": "selesai"},
        "classroom.board.user_placeholder": {"en": "<name>", "id": "<nama>"},
        # --- roomcourse: a room that runs the course, the handout's Markdown in both languages ---
        "classroom.card.registry": {"en": "Registry", "id": "Registry"},
        "classroom.card.handout": {"en": "handout", "id": "kartu peserta"},
        "classroom.board.mistake_in_lesson": {
            "en": "{category} · {lesson}: {step}", "id": "{category} · {lesson}: {step}",
        },
        "cli.opt.room_lessons": {
            "en": "The room's lesson, or several in the order learners take them (ID or ID,ID,...). Default: the "
                  "room's lessons so far; a new room, the default lesson.",
            "id": "Pelajaran ruangan, atau beberapa sesuai urutan yang diikuti peserta (ID atau ID,ID,...). Bawaan: "
                  "pelajaran ruangan sejauh ini; ruangan baru, pelajaran bawaan.",
        },
        "cli.meta.room_lessons": {"en": "LESSON[,LESSON...]", "id": "PELAJARAN[,PELAJARAN...]"},
        "cli.opt.room_course": {
            "en": "The room runs the whole course: every lesson in the course's order (as tutor list shows it).",
            "id": "Ruangan menjalankan seluruh kursus: setiap pelajaran sesuai urutan kursus (seperti di tutor list).",
        },
        "classroom.lesson_or_course": {
            "en": "Choose the room's lessons with --lesson or take the whole course with --course, not both.",
            "id": "Pilih pelajaran ruangan dengan --lesson atau ambil seluruh kursus dengan --course, jangan keduanya.",
        },
        "classroom.no_course": {
            "en": "No lesson declares a place in the course (course: in lesson.yaml): name the lessons with --lesson.",
            "id": "Tidak ada pelajaran yang punya tempat di kursus (course: di lesson.yaml): sebutkan pelajarannya dengan --lesson.",
        },
        "classroom.joined_course": {
            "en": "The room runs {lessons}: after each lesson, tutor start goes on with the next.",
            "id": "Ruangan ini menjalankan {lessons}: setelah setiap pelajaran, tutor start melanjutkan ke yang berikutnya.",
        },
        "classroom.room_lessons": {"en": "Lessons: {lessons}", "id": "Pelajaran: {lessons}"},
        "classroom.no_lesson_named": {
            "en": "--lesson names no lesson: give a lesson id, or several separated by commas.",
            "id": "--lesson tidak menyebut pelajaran apa pun: berikan id pelajaran, atau beberapa dipisah koma.",
        },
        # --- mendD: a room's lessons are shipped ones ---
        "classroom.lesson_not_shipped": {
            "en": "Only lessons shipped with the tutor can be a room's: the learners' tutors cannot read the folder "
                  "{name} on this computer.",
            "id": "Hanya pelajaran bawaan tutor yang bisa dipakai di ruangan kelas: tutor para peserta tidak bisa "
                  "membaca folder {name} di komputer ini.",
        },
        # --- mendG: a room's lesson this tutor does not ship ---
        "classroom.lesson_unknown": {
            "en": "No lesson called '{name}' ships with this tutor, and a room runs shipped lessons only: {known}.",
            "id": "Tidak ada pelajaran bernama '{name}' yang dibawa tutor ini, dan ruangan kelas hanya menjalankan "
                  "pelajaran bawaan: {known}.",
        },
        "classroom.kept_lesson_not_shipped": {
            "en": "The room here (room.json) runs {name}, which is not a lesson shipped with this tutor ({known}): "
                  "choose the room's lessons with `tutor classroom up --lesson ID[,ID]` or `--course`.",
            "id": "Ruangan di sini (room.json) menjalankan {name}, yang bukan pelajaran bawaan tutor ini ({known}): "
                  "pilih pelajaran ruangan dengan `tutor classroom up --lesson ID[,ID]` atau `--course`.",
        },
    }
)
