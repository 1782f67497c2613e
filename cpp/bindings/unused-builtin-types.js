// unused-builtin-types.js: an Emscripten JS library (CMakeLists.txt links it with --js-library).
// Every Embind module registers a converter for each of Embind's built-in types; poolgrad's
// bindings pass none of these three (only numbers, enums and std::string), so their
// registrations are no-ops here and the converters (UTF-16/UTF-32 text, typed-array views,
// emscripten::val: 3.5 KB of glue) drop out. A binding that used one of them would then fail to
// load, loudly: Embind reports the unbound type by name.
/* global mergeInto, LibraryManager -- Emscripten's JS library compiler defines them */
mergeInto(LibraryManager.library, {
  _embind_register_std_wstring: function () {},
  _embind_register_memory_view: function () {},
  _embind_register_emval: function () {},
});
