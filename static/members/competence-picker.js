// The competence picker on the firm's profile form: a filter box that hides
// the competences whose Polish or English name does not contain every word
// typed (letter case and Polish diacritics ignored). Without JavaScript the
// box stays hidden and every competence shows.
(function () {
  "use strict";

  function fold(text) {
    return text
      .toLowerCase()
      .replace(/ł/g, "l")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(picker) {
    const box = picker.querySelector("[data-competence-filter]");
    if (!box) {
      return;
    }
    const input = box.querySelector("input");
    const count = box.querySelector("[data-competence-count]");
    const items = Array.from(picker.querySelectorAll("[data-competence-item]"));
    const groups = Array.from(picker.querySelectorAll("[data-competence-group]"));
    const names = new Map(items.map((item) => [item, fold(item.dataset.names || item.textContent)]));

    function apply() {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      items.forEach((item) => {
        const matches = words.every((word) => names.get(item).includes(word));
        item.hidden = !matches;
        shown += matches ? 1 : 0;
      });
      groups.forEach((group) => {
        group.hidden = !group.querySelector("[data-competence-item]:not([hidden])");
      });
      count.textContent = words.length ? box.dataset.countTemplate.replace("{count}", shown) : "";
    }

    input.addEventListener("input", apply);
    // Enter in the filter box would submit the whole profile form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    box.hidden = false;
  }

  document.querySelectorAll("[data-competence-picker]").forEach(setUp);
})();
