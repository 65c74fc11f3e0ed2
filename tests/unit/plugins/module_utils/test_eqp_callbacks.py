# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eqp_callback's decision: the api_callbacks list that holds one callback as wanted, and the URL rule."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_callbacks import check_callback_url, plan

URL = 'https://ci.example.com/hooks/eqp'
OTHER = {'name': 'other', 'url': 'https://other.example.com/cb', 'username': 'o'}


def test_a_new_callback_is_appended_with_its_password():
    changed, wanted, before, after = plan([OTHER], 'ci', 'present', url=URL, username='u', password='pw')
    assert changed is True
    assert wanted == [OTHER, {'name': 'ci', 'url': URL, 'username': 'u', 'password': 'pw'}]
    assert before is None and after == {'name': 'ci', 'url': URL, 'username': 'u'}


def test_the_same_callback_is_no_change_and_its_password_is_not_sent_again():
    current = [{'name': 'ci', 'url': URL, 'username': 'u'}, OTHER]
    assert plan(current, 'ci', 'present', url=URL, username='u', password='pw') == (False, current, current[0], current[0])


def test_update_password_always_sends_it_and_reports_a_change():
    current = [{'name': 'ci', 'url': URL, 'username': 'u'}]
    changed, wanted, _before, _after = plan(current, 'ci', 'present', url=URL, username='u', password='pw2', update_password='always')
    assert changed is True and wanted == [{'name': 'ci', 'url': URL, 'username': 'u', 'password': 'pw2'}]


def test_a_changed_url_keeps_the_place_and_sends_the_password_given():
    current = [{'name': 'ci', 'url': URL, 'username': 'u'}, OTHER]
    changed, wanted, before, after = plan(current, 'ci', 'present', url=URL + '/v2', username='u', password='pw')
    assert changed is True
    assert wanted == [{'name': 'ci', 'url': URL + '/v2', 'username': 'u', 'password': 'pw'}, OTHER]
    assert before['url'] == URL and after['url'] == URL + '/v2' and 'password' not in after


def test_username_left_out_is_not_compared():
    current = [{'name': 'ci', 'url': URL, 'username': 'u'}]
    assert plan(current, 'ci', 'present', url=URL)[0] is False


def test_absent_removes_only_that_callback():
    current = [{'name': 'ci', 'url': URL, 'username': 'u'}, OTHER]
    assert plan(current, 'ci', 'absent') == (True, [OTHER], current[0], None)
    assert plan([OTHER], 'ci', 'absent') == (False, [OTHER], None, None)


@pytest.mark.parametrize('url, message', [
    ('http://ci.example.com/cb', 'url must be an https:// URL with a host'),
    ('https:///cb', 'url must be an https:// URL with a host'),
    ('https://user:s3cret@ci.example.com/cb', 'url must not hold a user name or password'),
])
def test_bad_urls_are_refused_without_repeating_them(url, message):
    with pytest.raises(ValueError) as raised:
        check_callback_url(url)
    assert message in str(raised.value) and 's3cret' not in str(raised.value)
